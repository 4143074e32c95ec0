package dev.codeinterp.common.callback;

/** A callback URL or the addresses its host resolves to are not allowed; permanent, never retried. */
public final class RefusedTargetException extends Exception {

    public RefusedTargetException(String message) {
        super(message);
    }
}
