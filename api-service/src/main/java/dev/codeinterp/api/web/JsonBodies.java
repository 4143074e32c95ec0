package dev.codeinterp.api.web;

import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON whatever their declared content type (so {@code curl -d} without a header works),
 * refuses bodies over {@code APP_MAX_REQUEST_SIZE} with 413 without holding more than that, and reports malformed
 * JSON as a 400 with the parser's message.
 *
 * <p>The body is always read to its end, each buffer copied and released at once: cancelling the body mid-stream
 * (as a size-limited join does) made Reactor Netty release buffers twice and corrupted later requests.
 */
public final class JsonBodies {

    private final JsonMapper mapper;
    private final int maxBytes;

    public JsonBodies(JsonMapper mapper, int maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public Mono<JsonNode> read(ServerHttpRequest request) {
        return request.getBody()
                .collect(() -> new BoundedBody(maxBytes), BoundedBody::add)
                .map(this::parse);
    }

    private JsonNode parse(BoundedBody body) {
        if (body.tooLarge) {
            throw ApiException.tooLarge("Request body is larger than " + maxBytes + " bytes");
        }
        if (body.bytes.size() == 0) {
            throw ApiException.badRequest("Request body is missing");
        }
        try {
            return mapper.readTree(body.bytes.toByteArray());
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Keeps up to the limit and remembers whether more came; every buffer is released as soon as it is seen. */
    private static final class BoundedBody {

        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean tooLarge;

        BoundedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        void add(DataBuffer buffer) {
            try {
                int size = buffer.readableByteCount();
                if (!tooLarge && bytes.size() + size <= maxBytes) {
                    byte[] chunk = new byte[size];
                    buffer.read(chunk);
                    bytes.writeBytes(chunk);
                } else {
                    tooLarge = true;
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
        }
    }
}
