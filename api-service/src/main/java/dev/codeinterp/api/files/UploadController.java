package dev.codeinterp.api.files;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class UploadController {

    private final MultipartBodies bodies;
    private final UploadFile uploadFile;

    UploadController(MultipartBodies bodies, UploadFile uploadFile) {
        this.bodies = bodies;
        this.uploadFile = uploadFile;
    }

    @PostMapping(path = "/v1/upload", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<UploadResponse> upload(ServerHttpRequest request) {
        return uploadFile.upload(bodies.read(request));
    }
}
