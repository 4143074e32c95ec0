package dev.codeinterp.janitor.sweep;

import java.time.Instant;

/** One housekeeping chore: small, batch-limited and idempotent; tests call {@link #sweepOnce} with a given time. */
public interface Sweeper {

    /** Does one batch of the chore as of {@code now}; returns how many items it handled. */
    int sweepOnce(Instant now);
}
