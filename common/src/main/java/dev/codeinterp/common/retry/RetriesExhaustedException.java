package dev.codeinterp.common.retry;

/** Every try of a {@link BoundedRetry} failed; the cause is the last failure. */
public final class RetriesExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RetriesExhaustedException(String what, int tries, RuntimeException lastFailure) {
        super("Could not " + what + " in " + tries + " tries: " + lastFailure.getMessage(), lastFailure);
    }
}
