package dev.codeinterp.common.callback;

import java.util.Optional;

/** Port: the callback of each job, kept with the job's record (and for as long). */
public interface CallbackLedger {

    /** Gives job {@code jobId}, whose record exists, a callback to {@code url}; a missing record is left alone. */
    void register(String jobId, String url);

    /** The job's callback; empty when it has none, or its record is gone. */
    Optional<CallbackState> find(String jobId);

    /** Records where the job's callback stands after an attempt; a missing record is left alone. */
    void update(String jobId, CallbackState state);
}
