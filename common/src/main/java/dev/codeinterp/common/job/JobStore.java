package dev.codeinterp.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: where job records live. Changes of status go through {@link JobLifecycle}, never directly. */
public interface JobStore {

    /** Stores a new job record, kept for {@code retention}. */
    void create(JobRecord job, Duration retention);

    Optional<JobRecord> find(String jobId);

    /**
     * Atomically moves the job to {@code to} if its current status is one of {@code from}.
     *
     * @param at          when it happened: becomes {@code startedAt} for running, {@code finishedAt} for terminal
     * @param runDeadline for running only: the deadline the janitor enforces
     * @param result      for terminal statuses: the result to keep (may be null)
     * @return the outcome; nothing is changed unless it is {@link TransitionOutcome#APPLIED}
     */
    default TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result) {
        return transition(jobId, from, to, at, runDeadline, result, 0);
    }

    /**
     * Atomically starts an attempt at the job: a queued job gets attempt 1, unless it is past {@code startBy}; a running
     * job whose lease has lapsed before {@code now} (its worker stopped) gets the next attempt, unless it has had
     * {@code maxAttempts}, whatever its start-by time. A started attempt holds the lease until {@code leaseUntil}, and
     * the job must end by {@code runDeadline} (the janitor enforces it). Only {@link AttemptStart.Kind#STARTED} changes
     * anything.
     */
    AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil, Instant runDeadline,
            int maxAttempts);

    /** Extends the lease of attempt {@code attempt} to {@code leaseUntil} if it is still the job's running attempt. */
    LeaseState renewLease(String jobId, int attempt, Instant leaseUntil);

    /**
     * As {@link #transition}, applied only while {@code attempt} is the job's current attempt (a superseded attempt
     * records nothing); attempt 0 means any.
     */
    TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at, Instant runDeadline,
            ExecutionResult result, int attempt);

    /**
     * Jobs still queued whose start-by time is before {@code now} (no worker took them in time), oldest first, at most
     * {@code limit}. Only jobs created with a start-by time are listed.
     */
    List<String> findQueuedPastStartBy(Instant now, int limit);

    /** Jobs still running whose run deadline is before {@code now}, oldest deadline first, at most {@code limit}. */
    List<String> findRunningPastDeadline(Instant now, int limit);

    enum TransitionOutcome {
        APPLIED,
        REFUSED,
        UNKNOWN_JOB
    }
}
