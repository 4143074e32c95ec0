package dev.codeinterp.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeinterp.api.execution.ExecuteResponse;
import dev.codeinterp.common.callback.CallbackState;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as {@code GET /v1/jobs/{id}} shows it (serialised in snake_case; times in ISO-8601 UTC, null until they
 * happen).
 *
 * @param result   the {@code /v1/execute} response once the program ran (succeeded or timed out), else null
 * @param error    why the job did not run to the end (failed, expired, cancelled), else null
 * @param callback where the job's callback stands; absent when it has no {@code callback_url}
 */
public record JobView(String jobId, String status, String chatId, String submittedAt, String startedAt,
        String finishedAt, ExecuteResponse result, String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) CallbackView callback) {

    /**
     * A job's callback as clients see it.
     *
     * @param lastStatusCode HTTP status of the last attempt; null when it got no answer or none was made
     * @param lastError      why the last attempt failed (a refused target starts with {@code refused:}), else null
     */
    public record CallbackView(String url, int attempts, boolean delivered, String deliveredAt,
            Integer lastStatusCode, String lastError) {

        static CallbackView of(CallbackState state) {
            return new CallbackView(state.url(), state.attempts(), state.delivered(), text(state.deliveredAt()),
                    state.lastStatusCode(), state.lastError());
        }
    }

    public static JobView of(JobRecord job) {
        return of(job, Optional.empty());
    }

    public static JobView of(JobRecord job, Optional<CallbackState> callback) {
        ExecutionResult result = job.result();
        boolean ran = result != null && (job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.TIMED_OUT);
        return new JobView(job.jobId(), job.status().wireName(), job.chatId(), text(job.submittedAt()),
                text(job.startedAt()), text(job.finishedAt()), ran ? ExecuteResponse.of(result, job.chatId()) : null,
                result != null && !ran ? result.failureReason() : null, callback.map(CallbackView::of).orElse(null));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
