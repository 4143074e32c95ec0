package dev.codeinterp.common.job;

import java.time.Instant;

/**
 * The stored state of a job, readable by any service.
 *
 * @param runDeadline while running: the instant by which the job must have finished; past it, the janitor fails it
 * @param result      set once the job is terminal (null for a job that never produced one)
 */
public record JobRecord(
        String jobId,
        String chatId,
        JobStatus status,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant runDeadline,
        ExecutionResult result) {

    public static JobRecord queued(String jobId, String chatId, Instant submittedAt) {
        return new JobRecord(jobId, chatId, JobStatus.QUEUED, submittedAt, null, null, null, null);
    }
}
