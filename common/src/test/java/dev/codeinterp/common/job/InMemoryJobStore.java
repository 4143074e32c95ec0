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
    private final Map<String, Lease> leases = new HashMap<>();

    private record Lease(int attempt, Instant until) {
    }

    @Override
    public synchronized void create(JobRecord job, Duration retention) {
        jobs.put(job.jobId(), job);
    }

    @Override
    public synchronized Optional<JobRecord> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil,
            Instant runDeadline, int maxAttempts) {
        JobRecord current = jobs.get(jobId);
        if (current == null) {
            return AttemptStart.of(AttemptStart.Kind.UNKNOWN_JOB, 0);
        }
        Lease lease = leases.getOrDefault(jobId, new Lease(0, Instant.EPOCH));
        if (current.status() == JobStatus.QUEUED && now.isAfter(startBy)) {
            return AttemptStart.of(AttemptStart.Kind.EXPIRED, lease.attempt());
        }
        if (current.status() == JobStatus.RUNNING) {
            if (!lease.until().isBefore(now)) {
                return new AttemptStart(AttemptStart.Kind.BUSY, lease.attempt(), lease.until());
            }
            if (lease.attempt() >= maxAttempts) {
                return AttemptStart.of(AttemptStart.Kind.EXHAUSTED, lease.attempt());
            }
        } else if (current.status() != JobStatus.QUEUED) {
            return AttemptStart.of(AttemptStart.Kind.ENDED, lease.attempt());
        }
        leases.put(jobId, new Lease(lease.attempt() + 1, leaseUntil));
        jobs.put(jobId, moved(current, JobStatus.RUNNING, now, runDeadline, null));
        return AttemptStart.of(AttemptStart.Kind.STARTED, lease.attempt() + 1);
    }

    @Override
    public synchronized LeaseState renewLease(String jobId, int attempt, Instant leaseUntil) {
        JobRecord current = jobs.get(jobId);
        Lease lease = leases.get(jobId);
        if (current != null && current.status() == JobStatus.RUNNING && lease != null && lease.attempt() == attempt) {
            leases.put(jobId, new Lease(attempt, leaseUntil));
            return LeaseState.CURRENT;
        }
        return current != null && current.status() == JobStatus.CANCELLED ? LeaseState.CANCELLED
                : LeaseState.SUPERSEDED;
    }

    @Override
    public synchronized TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result, int attempt) {
        JobRecord current = jobs.get(jobId);
        if (current == null) {
            return TransitionOutcome.UNKNOWN_JOB;
        }
        if (!from.contains(current.status())) {
            return TransitionOutcome.REFUSED;
        }
        if (attempt != 0 && leases.getOrDefault(jobId, new Lease(0, Instant.EPOCH)).attempt() != attempt) {
            return TransitionOutcome.REFUSED;
        }
        jobs.put(jobId, moved(current, to, at, runDeadline, result));
        return TransitionOutcome.APPLIED;
    }

    @Override
    public synchronized List<String> findQueuedPastStartBy(Instant now, int limit) {
        return jobs.values().stream()
                .filter(job -> job.status() == JobStatus.QUEUED && job.startBy() != null && job.startBy().isBefore(now))
                .sorted(Comparator.comparing(JobRecord::startBy).thenComparing(JobRecord::jobId))
                .limit(limit)
                .map(JobRecord::jobId)
                .toList();
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
            return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), job.startBy(), at, job.finishedAt(),
                    runDeadline, job.result());
        }
        if (to.isTerminal()) {
            return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), job.startBy(), job.startedAt(), at,
                    job.runDeadline(), result);
        }
        return new JobRecord(job.jobId(), job.chatId(), to, job.submittedAt(), job.startBy(), job.startedAt(),
                job.finishedAt(), job.runDeadline(), job.result());
    }
}
