package dev.codeinterp.api.web;

import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns an {@link ApiException} into its problem-details response. {@link ProblemDetailsAdvice} uses it for failures
 * raised in handlers; web filters, which run outside {@code @RestControllerAdvice}, use {@link #write} so their
 * refusals are the same {@code application/problem+json} bodies, written by the same codec.
 */
public final class ProblemWriter {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final HttpMessageWriter<ProblemDetail> writer;

    @SuppressWarnings("unchecked")
    public ProblemWriter(ServerCodecConfigurer codecs) {
        this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No codec writes application/problem+json"));
    }

    /** Status, headers ({@code Retry-After} in whole seconds, rounded up) and body of the problem. */
    public static ResponseEntity<ProblemDetail> toResponse(ApiException e) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfter() != null) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        e.headers().forEach(headers::set);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        e.properties().forEach(body::setProperty);
        // whatever the request accepts: an EventSource client asks for text/event-stream, and still gets a problem
        return ResponseEntity.status(e.status()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Writes the problem as the whole response of {@code exchange}. */
    public Mono<Void> write(ServerWebExchange exchange, ApiException e) {
        ResponseEntity<ProblemDetail> problem = toResponse(e);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(problem.getStatusCode());
        response.getHeaders().addAll(problem.getHeaders());
        return writer.write(Mono.just(problem.getBody()), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response,
                Map.of());
    }
}
