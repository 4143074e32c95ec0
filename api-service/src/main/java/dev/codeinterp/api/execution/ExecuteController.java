package dev.codeinterp.api.execution;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import dev.codeinterp.api.web.JsonBodies;
import tools.jackson.databind.json.JsonMapper;

@RestController
class ExecuteController {

    private final JsonBodies bodies;
    private final ExecuteRequestParser parser;
    private final ExecuteCode executeCode;
    private final JsonMapper mapper;

    ExecuteController(JsonBodies bodies, ExecuteRequestParser parser, ExecuteCode executeCode, JsonMapper mapper) {
        this.bodies = bodies;
        this.parser = parser;
        this.executeCode = executeCode;
        this.mapper = mapper;
    }

    @PostMapping(path = "/v1/execute", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ExecuteResponse> execute(ServerHttpRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
        return bodies.read(request).flatMap(body -> idempotencyKey == null
                ? executeCode.execute(parser.parse(body))
                : executeCode.execute(parser.parse(body), IdempotencyKey.of(idempotencyKey, body, mapper)));
    }
}
