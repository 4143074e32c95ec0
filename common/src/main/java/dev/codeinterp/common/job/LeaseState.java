package dev.codeinterp.common.job;

/** What a running attempt learns when it renews its lease ({@link JobStore#renewLease}). */
public enum LeaseState {
    /** It is still the job's current attempt; its lease is extended. */
    CURRENT,
    /** The job was cancelled: stop it. */
    CANCELLED,
    /** A later attempt took the job over, or it ended otherwise: stop, and record nothing. */
    SUPERSEDED
}
