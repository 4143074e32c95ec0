package dev.codeinterp.api.web;

import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one place where failures become RFC 9457 problem details. Every body carries a human-readable
 * {@code detail}; unknown exceptions are 500 with a generic detail and never a stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApiException(ApiException e) {
        if (e.retryAfter() != null) {
            // Capacity (queue full, no sandbox in time, rate limits): the client is told when to retry; not a bug.
            log.warn("{}: {}", e.status().value(), e.getMessage());
        } else if (e.status().is5xxServerError()) {
            log.error("{}: {}", e.status().value(), e.getMessage());
        } else {
            log.debug("{}: {}", e.status().value(), e.getMessage());
        }
        return ProblemWriter.toResponse(e);
    }

    /** Retryable: the job queue or another dependency cannot serve now; the client is told when to retry. */
    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> handleUnavailable(ServiceUnavailableException e) {
        return handleApiException(ApiException.unavailable(e.getMessage(), e.retryAfter()));
    }

    /** Permanent: state that must exist is missing; an internal error whose message says which. */
    @ExceptionHandler(InconsistentStateException.class)
    ResponseEntity<ProblemDetail> handleInconsistentState(InconsistentStateException e) {
        return handleApiException(ApiException.internal(e.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> handleUnreadableInput(ServerWebInputException e) {
        if (causedByBodyLimit(e)) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body is too large", new HttpHeaders());
        }
        log.debug("400: {}", e.getMessage());
        String detail = e.getReason() == null ? "Invalid request" : e.getReason();
        if (detail.startsWith("Failed to read HTTP message") || e.getCause() != null) {
            detail = "Malformed JSON request body";
        }
        return problem(HttpStatus.BAD_REQUEST, detail, new HttpHeaders());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> handleBodyLimit(DataBufferLimitException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body is too large", new HttpHeaders());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> handleStatus(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        String detail = e.getReason() != null ? e.getReason() : HttpStatus.valueOf(status.value()).getReasonPhrase();
        return problem(status, detail, e.getHeaders());
    }

    /** Redis (or another store) unreachable: a capacity problem the client may retry, not a bug. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> handleStoreUnavailable(DataAccessException e) {
        log.error("503: a data store is unavailable: {}", e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "A data store is temporarily unavailable; try again shortly",
                headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", new HttpHeaders());
    }

    private static boolean causedByBodyLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String detail, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
