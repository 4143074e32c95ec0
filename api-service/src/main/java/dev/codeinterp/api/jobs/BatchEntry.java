package dev.codeinterp.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;

/**
 * One slot of a {@code /v1/jobs/batch} answer, in the order of the request: the accepted job, or why this entry was
 * refused ({@code error.status} is the HTTP status the same request would have had alone).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchEntry(String jobId, String status, String chatId, Refusal error) {

    public record Refusal(int status, String detail) {
    }

    static BatchEntry accepted(AcceptedJob job) {
        return new BatchEntry(job.jobId(), job.status(), job.chatId(), null);
    }

    /** The refusal of an entry; an unexpected failure is reported without its details, as a 500 would be. */
    static BatchEntry refused(Throwable failure) {
        if (failure instanceof ApiException e) {
            return new BatchEntry(null, null, null, new Refusal(e.status().value(), e.getMessage()));
        }
        if (failure instanceof ServiceUnavailableException e) {
            return new BatchEntry(null, null, null, new Refusal(503, e.getMessage()));
        }
        return new BatchEntry(null, null, null, new Refusal(500, "Internal error"));
    }
}
