package dev.codeinterp.common.job;

/**
 * Port: the admission slots of jobs in flight. The api takes a job's slot when it admits the job; whoever sees the job
 * end frees it (the worker that ran it, before it replies; the api replica that cancelled it, or that waited for it and
 * learnt its end otherwise than by that reply), so the chat's next job is admitted at once. A slot that nobody frees
 * lapses by itself.
 */
public interface InFlightSlots {

    /** Frees the slot of the job; freeing a slot twice, or one that has lapsed, does nothing. */
    void free(String chatId, String jobId);
}
