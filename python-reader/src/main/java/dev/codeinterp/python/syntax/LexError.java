package dev.codeinterp.python.syntax;

/**
 * A tokenizer error, thrown by {@link Tokenizer} and its scanners and turned into the last token of the list;
 * {@code eof} marks CPython's end-of-file errors.
 */
final class LexError extends RuntimeException {
    final int line;
    final boolean eof;

    LexError(String message, int line, boolean eof) {
        super(message, null, false, false);
        this.line = line;
        this.eof = eof;
    }
}
