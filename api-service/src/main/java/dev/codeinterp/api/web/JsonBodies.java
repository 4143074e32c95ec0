package dev.codeinterp.api.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON whatever their declared content type (so {@code curl -d} without a header works),
 * refuses bodies over {@code APP_MAX_REQUEST_SIZE} with 413 without buffering more than that, and reports
 * malformed JSON as a 400 with the parser's message.
 */
public final class JsonBodies {

    private final JsonMapper mapper;
    private final int maxBytes;

    public JsonBodies(JsonMapper mapper, int maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public Mono<JsonNode> read(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .onErrorMap(DataBufferLimitException.class,
                        e -> ApiException.tooLarge("Request body is larger than " + maxBytes + " bytes"))
                .map(this::parse)
                .switchIfEmpty(Mono.error(() -> ApiException.badRequest("Request body is missing")));
    }

    private JsonNode parse(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }
}
