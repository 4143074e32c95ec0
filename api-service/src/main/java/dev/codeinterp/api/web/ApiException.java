package dev.codeinterp.api.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure classified where it is raised: its HTTP status, the {@code detail} clients read, and for capacity
 * problems how long to wait before retrying. {@link ProblemDetailsAdvice} turns it into RFC 9457 problem details.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String detail, Duration retryAfter) {
        this(status, detail, retryAfter, Map.of(), Map.of());
    }

    private ApiException(HttpStatus status, String detail, Duration retryAfter, Map<String, Object> properties,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
        this.properties = properties;
        this.headers = headers;
    }

    /**
     * The same failure with one more member in its problem details, for endpoints whose clients read a field of
     * their own (such as {@code error_messages}) besides {@code detail}.
     */
    public ApiException with(String property, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(property, value);
        return new ApiException(status, getMessage(), retryAfter, Map.copyOf(more), headers);
    }

    /** The same failure with one more response header, such as the {@code WWW-Authenticate} challenge of a 401. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, getMessage(), retryAfter, properties, Map.copyOf(more));
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, detail, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, null);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, detail, null);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, detail, retryAfter);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    public static ApiException gatewayTimeout(String detail) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, detail, null);
    }

    public static ApiException internal(String detail) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Extra response headers (besides {@code Retry-After}, which {@link #retryAfter()} gives). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Extra members of the problem details, beside type, title, status and detail. */
    public Map<String, Object> properties() {
        return properties;
    }
}
