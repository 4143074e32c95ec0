package dev.codeinterp.api.files;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/** A granted download: the name it is served under, its size, and its bytes, read from storage on subscription. */
record Download(String filename, long size, Flux<DataBuffer> content) {
}
