package dev.codeinterp.api.jobs;

import dev.codeinterp.api.execution.ExecuteResponse;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import java.time.Instant;

/**
 * A job as {@code GET /v1/jobs/{id}} shows it (serialised in snake_case; times in ISO-8601 UTC, null until they
 * happen).
 *
 * @param result the {@code /v1/execute} response once the program ran (succeeded or timed out), else null
 * @param error  why the job did not run to the end (failed, expired, cancelled), else null
 */
public record JobView(String jobId, String status, String chatId, String submittedAt, String startedAt,
        String finishedAt, ExecuteResponse result, String error) {

    public static JobView of(JobRecord job) {
        ExecutionResult result = job.result();
        boolean ran = result != null && (job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.TIMED_OUT);
        return new JobView(job.jobId(), job.status().wireName(), job.chatId(), text(job.submittedAt()),
                text(job.startedAt()), text(job.finishedAt()), ran ? ExecuteResponse.of(result, job.chatId()) : null,
                result != null && !ran ? result.failureReason() : null);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
