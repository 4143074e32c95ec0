package dev.codeinterp.common.job;

import java.util.Locale;

/** Where a job is in its life. The allowed moves between statuses are in {@link JobTransitions}. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED,
    EXPIRED;

    /** The lowercase name used on the wire and in Redis, e.g. {@code timed_out}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }
}
