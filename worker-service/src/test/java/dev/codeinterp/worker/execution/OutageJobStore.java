package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.AttemptStart;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A job store that can be taken down (every call fails with {@link StoreDown}) and brought back, for outage tests. */
public final class OutageJobStore implements JobStore {

    private final JobStore store;
    private final AtomicInteger refusedCalls = new AtomicInteger();
    private volatile Set<String> downFor = Set.of();

    public OutageJobStore(JobStore store) {
        this.store = store;
    }

    /** From now on, calls to these methods fail ({@code startAttempt}, {@code transition}...); to every one if none. */
    public void goDown(String... methods) {
        downFor = methods.length == 0 ? Set.of("*") : Set.of(methods);
    }

    public void comeBack() {
        downFor = Set.of();
    }

    /** Calls refused while down. */
    public int refusedCalls() {
        return refusedCalls.get();
    }

    @Override
    public void create(JobRecord job, Duration retention) {
        call("create", () -> {
            store.create(job, retention);
            return null;
        });
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return call("find", () -> store.find(jobId));
    }

    @Override
    public AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil,
            Instant runDeadline, int maxAttempts) {
        return call("startAttempt", () -> store.startAttempt(jobId, now, startBy, leaseUntil, runDeadline,
                maxAttempts));
    }

    @Override
    public LeaseState renewLease(String jobId, int attempt, Instant leaseUntil) {
        return call("renewLease", () -> store.renewLease(jobId, attempt, leaseUntil));
    }

    @Override
    public TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result, int attempt) {
        return call("transition", () -> store.transition(jobId, from, to, at, runDeadline, result, attempt));
    }

    @Override
    public List<String> findQueuedPastStartBy(Instant now, int limit) {
        return call("findQueuedPastStartBy", () -> store.findQueuedPastStartBy(now, limit));
    }

    @Override
    public List<String> findRunningPastDeadline(Instant now, int limit) {
        return call("findRunningPastDeadline", () -> store.findRunningPastDeadline(now, limit));
    }

    private <T> T call(String method, Supplier<T> action) {
        Set<String> down = downFor;
        if (down.contains("*") || down.contains(method)) {
            refusedCalls.incrementAndGet();
            throw new StoreDown(method);
        }
        return action.get();
    }

    /** What a store that is down throws: the retryable kind of failure. */
    public static final class StoreDown extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StoreDown(String method) {
            super("Connection refused: " + method);
        }
    }
}
