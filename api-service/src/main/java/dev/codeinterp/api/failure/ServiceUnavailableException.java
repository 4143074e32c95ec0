package dev.codeinterp.api.failure;

import java.time.Duration;

/**
 * Retryable: a dependency (the job queue, a store) cannot serve the request now; the caller may try again after
 * {@link #retryAfter()}. Raised by adapters; the web layer alone decides how clients see it.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
