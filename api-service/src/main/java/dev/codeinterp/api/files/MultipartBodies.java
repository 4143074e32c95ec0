package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * Reads a {@code multipart/form-data} body as a stream of part events, without buffering file parts in memory or on
 * disk: the file's size is limited by whoever consumes the stream ({@code APP_FILE_SIZE_LIMIT}), not here, and only
 * text fields (at most {@value #MAX_FIELD_BYTES} bytes each) are held in memory. The JSON body limit
 * ({@code APP_MAX_REQUEST_SIZE}) does not apply.
 */
final class MultipartBodies {

    static final int MAX_FIELD_BYTES = 64 * 1024;
    /** chat_id, upload, max_downloads, expires_in, and room for fields a client adds that we ignore. */
    static final int MAX_PARTS = 32;
    /**
     * Reactor's context key for a per-subscription {@code onErrorDropped} hook ({@code Hooks.KEY_ON_ERROR_DROPPED},
     * not public). When a body ends early (the client went away, or the connection is closed after a refusal), the
     * parser's error reaches Spring's {@code windowUntil}/{@code concatMap} twice and the second copy is dropped,
     * which Reactor logs at ERROR with a stack trace by default. Should the key change, that log is all we lose.
     */
    private static final String LOCAL_ON_ERROR_DROPPED = "reactor.onErrorDropped.local";
    private static final Logger log = LoggerFactory.getLogger(MultipartBodies.class);

    private final PartEventHttpMessageReader reader = new PartEventHttpMessageReader();

    MultipartBodies() {
        reader.setMaxInMemorySize(MAX_FIELD_BYTES);
        reader.setMaxParts(MAX_PARTS);
        reader.setMaxPartSize(-1);
    }

    Flux<PartEvent> read(ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return Flux.error(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Request body must be multipart/form-data", null));
        }
        Consumer<Throwable> dropped = e -> log.debug("Multipart body ended early: {}", e.getMessage());
        return reader.read(ResolvableType.forClass(PartEvent.class), request, Map.of())
                .onErrorMap(DecodingException.class,
                        e -> ApiException.badRequest("Malformed multipart body: " + e.getMessage()))
                .contextWrite(Context.of(LOCAL_ON_ERROR_DROPPED, dropped));
    }
}
