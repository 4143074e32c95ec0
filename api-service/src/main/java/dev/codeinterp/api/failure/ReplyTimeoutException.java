package dev.codeinterp.api.failure;

/**
 * No result reached this replica within the reply timeout. The job may still end: its outcome is then in the job
 * store. Raised by the job dispatcher; the use case decides what the caller sees.
 */
public class ReplyTimeoutException extends RuntimeException {

    private final String jobId;

    public ReplyTimeoutException(String jobId) {
        super("No result for job " + jobId + " within the reply timeout");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
