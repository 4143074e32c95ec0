package dev.codeinterp.common.job;

import java.time.Instant;

/**
 * What came of asking to start an attempt at a job ({@link JobStore#startAttempt}).
 *
 * @param attempt    the job's attempt number after the call: the fencing token of a {@link Kind#STARTED} attempt
 * @param leaseUntil for {@link Kind#BUSY}: when the running attempt's lease lapses unless it is renewed
 */
public record AttemptStart(Kind kind, int attempt, Instant leaseUntil) {

    public enum Kind {
        /** This caller runs the job now, as attempt {@link #attempt()}. */
        STARTED,
        /** Another attempt runs the job and its worker is alive (its lease holds). */
        BUSY,
        /** The job has already ended. */
        ENDED,
        /** The job never started and is past its start-by time; nothing was changed. */
        EXPIRED,
        /** The job's worker stopped on each of the allowed attempts; nothing was changed. */
        EXHAUSTED,
        /** No such job (its record has gone). */
        UNKNOWN_JOB
    }

    public static AttemptStart of(Kind kind, int attempt) {
        return new AttemptStart(kind, attempt, null);
    }
}
