package dev.codeinterp.api.tools;

/** A tool run that did not produce a result: invalid input, an exception, an unserialisable result, a timeout. */
public final class ToolRunFailedException extends RuntimeException {

    ToolRunFailedException(String stderr) {
        super(stderr, null, false, false);
    }

    /** What the caller receives as {@code stderr}: a traceback or a validation message. */
    public String stderr() {
        return getMessage();
    }
}
