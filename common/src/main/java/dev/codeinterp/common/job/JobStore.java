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
    TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at, Instant runDeadline,
            ExecutionResult result);

    /** Jobs still running whose run deadline is before {@code now}, oldest deadline first, at most {@code limit}. */
    List<String> findRunningPastDeadline(Instant now, int limit);

    enum TransitionOutcome {
        APPLIED,
        REFUSED,
        UNKNOWN_JOB
    }
}
