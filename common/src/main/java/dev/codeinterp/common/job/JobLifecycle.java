package dev.codeinterp.common.job;

import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Instant;

/**
 * The intention-revealing way to change a job's status; every service goes through it, and it only ever makes the
 * moves {@link JobTransitions} allows.
 */
public final class JobLifecycle {

    private final JobStore store;
    private final JobEndListener endListener;

    public JobLifecycle(JobStore store) {
        this(store, JobEndListener.NONE);
    }

    /** @param endListener told after this lifecycle has moved a job to a terminal status (callbacks) */
    public JobLifecycle(JobStore store, JobEndListener endListener) {
        this.store = store;
        this.endListener = endListener;
    }

    public TransitionOutcome markRunning(String jobId, Instant now, Instant runDeadline) {
        return move(jobId, JobStatus.RUNNING, now, runDeadline, null, 0);
    }

    /** Starts an attempt at the job; see {@link JobStore#startAttempt}. */
    public AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil,
            Instant runDeadline, int maxAttempts) {
        return store.startAttempt(jobId, now, startBy, leaseUntil, runDeadline, maxAttempts);
    }

    /** Extends a running attempt's lease, and tells whether it should go on. */
    public LeaseState renewLease(String jobId, int attempt, Instant leaseUntil) {
        return store.renewLease(jobId, attempt, leaseUntil);
    }

    /** Records the end of a job with its result; the result's status says which terminal status it is. */
    public TransitionOutcome finish(ExecutionResult result, Instant now) {
        return finish(result, now, 0);
    }

    /** Records the end of a job by attempt {@code attempt}: refused once a later attempt has taken the job over. */
    public TransitionOutcome finish(ExecutionResult result, Instant now, int attempt) {
        if (!result.status().isTerminal()) {
            throw new IllegalArgumentException("Not a terminal result: " + result.status());
        }
        return move(result.jobId(), result.status(), now, null, result, attempt);
    }

    public TransitionOutcome fail(String jobId, String reason, Instant now) {
        return finish(ExecutionResult.notRun(jobId, JobStatus.FAILED, reason, now), now);
    }

    public TransitionOutcome expire(String jobId, String reason, Instant now) {
        return finish(ExecutionResult.notRun(jobId, JobStatus.EXPIRED, reason, now), now);
    }

    public TransitionOutcome cancel(String jobId, Instant now) {
        return finish(ExecutionResult.notRun(jobId, JobStatus.CANCELLED, "Cancelled", now), now);
    }

    /** The one place a status changes (an attempt's start aside): a terminal move that applies is announced. */
    private TransitionOutcome move(String jobId, JobStatus to, Instant at, Instant runDeadline, ExecutionResult result,
            int attempt) {
        TransitionOutcome outcome = store.transition(jobId, JobTransitions.sourcesOf(to), to, at, runDeadline, result,
                attempt);
        if (outcome == TransitionOutcome.APPLIED && to.isTerminal()) {
            endListener.jobEnded(jobId, to);
        }
        return outcome;
    }
}
