package dev.codeinterp.worker.sandbox;

/** The sandbox or its agent failed (could not start, died, broke the protocol): the job fails with this message. */
public class SandboxFailure extends Exception {

    public SandboxFailure(String message) {
        super(message);
    }

    public SandboxFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
