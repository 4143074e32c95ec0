package dev.codeinterp.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event of a job's stream ({@code GET /v1/jobs/{id}/events}, {@code POST /v1/execute/stream}).
 *
 * @param id   the cursor to resume after it; null for a keep-alive
 * @param name {@code status}, {@code stdout}, {@code stderr}, {@code result} or {@code error}; null for a keep-alive
 * @param data what the event carries, sent as JSON; null for a keep-alive
 */
record JobEvent(String id, String name, Object data) {

    /**
     * {@code status}: the job's status changed, or (with {@code attempt}) it runs again as that attempt after its
     * worker stopped, and its output starts again.
     */
    record StatusData(String jobId, String status, @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt) {
    }

    /** {@code stdout} / {@code stderr}: output of attempt {@code attempt}, as the program wrote it. */
    record OutputData(String text, int attempt) {
    }

    /** {@code error}: the stream ends without a result (the job's record is gone). */
    record ErrorData(String detail) {
    }

    static final JobEvent KEEP_ALIVE = new JobEvent(null, null, null);

    boolean isKeepAlive() {
        return name == null;
    }
}
