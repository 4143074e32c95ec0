package dev.codeinterp.python.syntax;

/**
 * Source that is not valid Python, reported the way CPython 3.12 reports it: {@code message} is its {@code msg}
 * ({@code "invalid syntax"}, {@code "'(' was never closed"}…) and {@code line} its {@code lineno}.
 */
public final class PythonSyntaxError extends Exception {

    private final int line;

    public PythonSyntaxError(String message, int line) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
