package dev.codeinterp.api.files;

import dev.codeinterp.api.web.JsonBodies;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class DownloadController {

    private final JsonBodies bodies;
    private final GrantRequestParser parser;
    private final DownloadFile downloadFile;

    DownloadController(JsonBodies bodies, GrantRequestParser parser, DownloadFile downloadFile) {
        this.bodies = bodies;
        this.parser = parser;
        this.downloadFile = downloadFile;
    }

    @PostMapping("/v1/download")
    Mono<ResponseEntity<Flux<DataBuffer>>> download(ServerHttpRequest request) {
        return bodies.read(request).map(parser::parse).flatMap(downloadFile::download)
                .map(download -> ResponseEntity.ok().headers(AttachmentHeaders.of(download.filename(), download.size()))
                        .body(download.content()));
    }
}
