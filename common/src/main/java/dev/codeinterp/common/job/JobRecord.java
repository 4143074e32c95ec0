package dev.codeinterp.common.job;

import java.time.Instant;

/**
 * The stored state of a job, readable by any service.
 *
 * @param startBy     the instant after which the job is no longer started (null: not known); a job still queued past
 *                    it is expired by the janitor
 * @param runDeadline while running: the instant by which the job must have finished; past it, the janitor fails it
 * @param result      set once the job is terminal (null for a job that never produced one)
 */
public record JobRecord(
        String jobId,
        String chatId,
        JobStatus status,
        Instant submittedAt,
        Instant startBy,
        Instant startedAt,
        Instant finishedAt,
        Instant runDeadline,
        ExecutionResult result) {

    public static JobRecord queued(String jobId, String chatId, Instant submittedAt) {
        return queued(jobId, chatId, submittedAt, null);
    }

    public static JobRecord queued(String jobId, String chatId, Instant submittedAt, Instant startBy) {
        return new JobRecord(jobId, chatId, JobStatus.QUEUED, submittedAt, startBy, null, null, null, null);
    }
}
