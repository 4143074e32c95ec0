package dev.codeinterp.api.files;

import dev.codeinterp.api.web.JsonBodies;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class ExpireController {

    private final JsonBodies bodies;
    private final GrantRequestParser parser;
    private final ExpireFile expireFile;

    ExpireController(JsonBodies bodies, GrantRequestParser parser, ExpireFile expireFile) {
        this.bodies = bodies;
        this.parser = parser;
        this.expireFile = expireFile;
    }

    @PostMapping(path = "/v1/expire", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ExpireResponse> expire(ServerHttpRequest request) {
        return bodies.read(request).map(parser::parse).flatMap(expireFile::expire);
    }
}
