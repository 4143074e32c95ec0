package dev.codeinterp.janitor.sweep;

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

/** A {@link JobStore} that delegates every call; tests override one method to interleave other events. */
class ForwardingJobStore implements JobStore {

    private final JobStore delegate;

    ForwardingJobStore(JobStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(JobRecord job, Duration retention) {
        delegate.create(job, retention);
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return delegate.find(jobId);
    }

    @Override
    public TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result) {
        return delegate.transition(jobId, from, to, at, runDeadline, result);
    }

    /** Unfenced transitions go through the six-argument one, so that tests overriding it see them all. */
    @Override
    public TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result, int attempt) {
        return attempt == 0 ? transition(jobId, from, to, at, runDeadline, result)
                : delegate.transition(jobId, from, to, at, runDeadline, result, attempt);
    }

    @Override
    public AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil,
            Instant runDeadline, int maxAttempts) {
        return delegate.startAttempt(jobId, now, startBy, leaseUntil, runDeadline, maxAttempts);
    }

    @Override
    public LeaseState renewLease(String jobId, int attempt, Instant leaseUntil) {
        return delegate.renewLease(jobId, attempt, leaseUntil);
    }

    @Override
    public List<String> findQueuedPastStartBy(Instant now, int limit) {
        return delegate.findQueuedPastStartBy(now, limit);
    }

    @Override
    public List<String> findRunningPastDeadline(Instant now, int limit) {
        return delegate.findRunningPastDeadline(now, limit);
    }
}
