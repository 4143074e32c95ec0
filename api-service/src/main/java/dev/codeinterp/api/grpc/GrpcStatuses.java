package dev.codeinterp.api.grpc;

import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;

/**
 * The gRPC twin of the problem-details mapper: a failure, classified where it was raised, becomes a status whose
 * description is the HTTP {@code detail}. The code follows the HTTP status: 400 and 413 → INVALID_ARGUMENT, 401 →
 * UNAUTHENTICATED, 403 → PERMISSION_DENIED, 404 → NOT_FOUND, 409 → ALREADY_EXISTS, 429 (admission) →
 * RESOURCE_EXHAUSTED, 503 (queue full, queue unavailable, no sandbox in time) → UNAVAILABLE, 504 → DEADLINE_EXCEEDED,
 * anything else → INTERNAL. {@code Retry-After} travels as the {@code retry-after} trailer (seconds), other headers
 * (the 401 challenge) as trailers of their own name. Unknown exceptions are INTERNAL with a generic description.
 */
final class GrpcStatuses {

    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof ApiException api) {
            return of(api);
        }
        if (failure instanceof ServiceUnavailableException unavailable) {
            return of(ApiException.unavailable(unavailable.getMessage(), unavailable.retryAfter()));
        }
        if (failure instanceof InconsistentStateException inconsistent) {
            return of(ApiException.internal(inconsistent.getMessage()));
        }
        if (failure instanceof DataAccessException store) {
            log.error("UNAVAILABLE: a data store is unavailable: {}", store.getMessage());
            return of(ApiException.unavailable("A data store is temporarily unavailable; try again shortly",
                    Duration.ofSeconds(5)));
        }
        log.error("Unexpected failure of a gRPC call", failure);
        return Status.INTERNAL.withDescription("Internal server error").asRuntimeException();
    }

    static StatusRuntimeException of(ApiException failure) {
        Status.Code code = codeOf(failure.status());
        if (failure.retryAfter() != null) {
            log.warn("{}: {}", code, failure.getMessage());
        } else if (failure.status().is5xxServerError()) {
            log.error("{}: {}", code, failure.getMessage());
        } else {
            log.debug("{}: {}", code, failure.getMessage());
        }
        Metadata trailers = new Metadata();
        if (failure.retryAfter() != null) {
            trailers.put(RETRY_AFTER, Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
        }
        for (Map.Entry<String, String> header : failure.headers().entrySet()) {
            trailers.put(Metadata.Key.of(header.getKey().toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                    header.getValue());
        }
        return Status.fromCode(code).withDescription(failure.getMessage()).asRuntimeException(trailers);
    }

    static Status.Code codeOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, CONTENT_TOO_LARGE -> Status.Code.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
            case FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case CONFLICT -> Status.Code.ALREADY_EXISTS;
            case TOO_MANY_REQUESTS -> Status.Code.RESOURCE_EXHAUSTED;
            case SERVICE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case GATEWAY_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            default -> Status.Code.INTERNAL;
        };
    }
}
