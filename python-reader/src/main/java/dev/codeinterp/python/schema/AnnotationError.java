package dev.codeinterp.python.schema;

/** Why an annotation has no JSON schema; the message follows what Python or pydantic would say. */
final class AnnotationError extends Exception {

    AnnotationError(String message) {
        super(message, null, false, false);
    }
}
