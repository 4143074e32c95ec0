package dev.codeinterp.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory {@link JobStore} for unit tests; it passes {@link JobStoreContract}. Retention is not modelled. */
public final class InMemoryJobStore implements JobStore {

    private final Map<String, JobRecord> jobs = new HashMap<>();

    @Override
    public synchronized void create(JobRecord job, Duration retention) {
        jobs.put(job.jobId(), job);
    }

    @Override
    public synchronized Optional<JobRecord> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result) {
        JobRecord current = jobs.get(jobId);
        if (current == null) {
            return TransitionOutcome.UNKNOWN_JOB;
        }
        if (!from.contains(current.status())) {
            return TransitionOutcome.REFUSED;
        }
        jobs.put(jobId, moved(current, to, at, runDeadline, result));
        return TransitionOutcome.APPLIED;
    }

    @Override
    public synchronized List<String> findRunningPastDeadline(Instant now, int limit) {
        return jobs.values().stream()
                .filter(job -> job.status() == JobStatus.RUNNING && job.runDeadline().isBefore(now))
                .sorted(Comparator.comparing(JobRecord::runDeadline).thenComparing(JobRecord::jobId))
                .limit(limit)
                .map(JobRecord::jobId)
                .toList();
    }

    private static JobRecord moved(JobRecord job, JobStatus to, Instant at, Instant runDeadline,
            ExecutionResult result) {
        if (to == JobStatus.RUNNING) {
            return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), at, job.finishedAt(), runDeadline,
                    job.result());
        }
        if (to.isTerminal()) {
            return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), job.startedAt(), at,
                    job.runDeadline(), result);
        }
        return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), job.startedAt(), job.finishedAt(),
                job.runDeadline(), job.result());
    }
}
