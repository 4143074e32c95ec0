package dev.codeinterp.common.callback;

import dev.codeinterp.common.job.JobStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link CallbackLedger} for tests, beside a job store; it passes {@link CallbackLedgerContract}. */
public final class InMemoryCallbackLedger implements CallbackLedger {

    private final JobStore jobs;
    private final Map<String, CallbackState> states = new ConcurrentHashMap<>();

    public InMemoryCallbackLedger(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void register(String jobId, String url) {
        update(jobId, CallbackState.pending(url));
    }

    @Override
    public Optional<CallbackState> find(String jobId) {
        return Optional.ofNullable(states.get(jobId));
    }

    @Override
    public void update(String jobId, CallbackState state) {
        if (jobs.find(jobId).isPresent()) {
            states.put(jobId, state);
        }
    }
}
