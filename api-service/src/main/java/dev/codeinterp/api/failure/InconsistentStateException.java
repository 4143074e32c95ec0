package dev.codeinterp.api.failure;

/**
 * Permanent: state that must exist does not (such as a job's result that the job store no longer holds). Retrying
 * does not help; the web layer reports it as an internal error with this message.
 */
public class InconsistentStateException extends RuntimeException {

    public InconsistentStateException(String message) {
        super(message);
    }
}
