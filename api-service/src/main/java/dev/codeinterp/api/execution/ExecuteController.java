package dev.codeinterp.api.execution;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import dev.codeinterp.api.web.JsonBodies;

@RestController
class ExecuteController {

    private final JsonBodies bodies;
    private final ExecuteRequestParser parser;
    private final ExecuteCode executeCode;

    ExecuteController(JsonBodies bodies, ExecuteRequestParser parser, ExecuteCode executeCode) {
        this.bodies = bodies;
        this.parser = parser;
        this.executeCode = executeCode;
    }

    @PostMapping(path = "/v1/execute", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ExecuteResponse> execute(ServerHttpRequest request) {
        return bodies.read(request).map(parser::parse).flatMap(executeCode::execute);
    }
}
