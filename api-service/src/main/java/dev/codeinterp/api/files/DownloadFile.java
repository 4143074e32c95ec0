package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/download}: consumes one download of the grant in one atomic step, then streams the
 * content from storage. Unknown, foreign, exhausted and expired grants are the same 404, so nothing tells them apart.
 */
final class DownloadFile {

    static final String NOT_FOUND = "File not found";
    private static final Logger log = LoggerFactory.getLogger(DownloadFile.class);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final GrantLedger grants;
    private final FileStore files;
    private final Clock clock;
    private final DownloadDenials denials;

    DownloadFile(GrantLedger grants, FileStore files, Clock clock) {
        this(grants, files, clock, DownloadDenials.NONE);
    }

    /** @param denials told each refusal, with why */
    DownloadFile(GrantLedger grants, FileStore files, Clock clock, DownloadDenials denials) {
        this.grants = grants;
        this.files = files;
        this.clock = clock;
        this.denials = denials;
    }

    Mono<Download> download(GrantKey key) {
        return Mono.fromCallable(() -> granted(key)).subscribeOn(Schedulers.boundedElastic());
    }

    private Download granted(GrantKey key) {
        if (grants.consumeDownload(key, clock.instant()).isEmpty()) {
            log.debug("Download denied: chat {} holds no usable grant for {} as '{}'", key.chatId(), key.fileHash(),
                    key.filename());
            denials.denied(DownloadDenials.Reason.NO_GRANT);
            throw ApiException.notFound(NOT_FOUND);
        }
        long size = size(key.fileHash());
        if (size < 0) {
            log.warn("Download of {} by chat {}: the grant exists but storage holds no such object", key.fileHash(),
                    key.chatId());
            denials.denied(DownloadDenials.Reason.NOT_STORED);
            throw ApiException.notFound(NOT_FOUND);
        }
        return new Download(key.filename(), size, content(key.fileHash()));
    }

    private long size(String fileHash) {
        try {
            return files.size(fileHash);
        } catch (IOException e) {
            throw StorageFailures.unavailable("look up " + fileHash, e);
        }
    }

    private Flux<DataBuffer> content(String fileHash) {
        return DataBufferUtils.readInputStream(() -> files.open(fileHash), DefaultDataBufferFactory.sharedInstance,
                CHUNK_BYTES).subscribeOn(Schedulers.boundedElastic());
    }
}
