package dev.codeinterp.api.admission;

import java.time.Instant;

/**
 * Port: the abuse limits every api replica shares — jobs in flight at once (in all, and per chat) and executions per
 * chat in a sliding window. Each {@link #admit} is one atomic decision across replicas.
 */
public interface AdmissionControl {

    /**
     * Takes a slot for the job unless a limit refuses it; a refusal changes nothing. A slot that is never released
     * lapses at {@link JobSlot#heldUntil()}, so a replica that dies cannot hold it forever.
     */
    Admission admit(JobSlot slot, Instant now);

    /** Gives the slot back; releasing a slot twice, or one that has lapsed, does nothing. */
    void release(JobSlot slot);
}
