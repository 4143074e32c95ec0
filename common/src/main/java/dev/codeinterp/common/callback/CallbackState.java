package dev.codeinterp.common.callback;

import java.time.Instant;

/**
 * Where a job's callback stands, kept with the job's record.
 *
 * @param attempts       attempts made so far
 * @param deliveredAt    when a 2xx answer came, else null
 * @param lastStatusCode the HTTP status of the last attempt, null when it got no answer
 * @param lastError      why the last attempt failed, null when it succeeded or none was made
 */
public record CallbackState(String url, int attempts, boolean delivered, Instant deliveredAt, Integer lastStatusCode,
        String lastError) {

    /** A callback registered at submission, not tried yet. */
    public static CallbackState pending(String url) {
        return new CallbackState(url, 0, false, null, null, null);
    }

    CallbackState delivered(int statusCode, Instant at) {
        return new CallbackState(url, attempts + 1, true, at, statusCode, null);
    }

    CallbackState failed(Integer statusCode, String error) {
        return new CallbackState(url, attempts + 1, false, null, statusCode, error);
    }
}
