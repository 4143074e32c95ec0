package dev.codeinterp.python.schema;

/** A parameter annotation that has no JSON schema; the message is the one the API reports. */
public final class InvalidAnnotationException extends Exception {

    InvalidAnnotationException(String message) {
        super(message, null, false, false);
    }
}
