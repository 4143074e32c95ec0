package dev.codeinterp.python.syntax;

import java.util.List;

/**
 * Reads Python 3.12 source without running it: the equivalent of CPython's {@code ast.parse(source)} for what custom
 * tools need (top-level statements, imports, function signatures, docstrings), reporting invalid source with
 * CPython's message and line.
 */
public final class PythonParser {

    private PythonParser() {
    }

    /** Parses a module; throws the syntax error {@code ast.parse} would raise. */
    public static PythonModule parse(String source) throws PythonSyntaxError {
        int nul = source.indexOf('\0');
        if (nul >= 0) {
            // CPython gives no line here; the NUL's line is more use to whoever has to find it.
            throw new PythonSyntaxError("source code string cannot contain null bytes", lineOf(source, nul));
        }
        List<Token> tokens = Tokenizer.tokenize(source);
        TokenCursor cursor = new TokenCursor(tokens);
        try {
            return new PythonModule(List.copyOf(new StatementParser(cursor).module()));
        } catch (PythonSyntaxError error) {
            throw preferTokenizerError(error, tokens, cursor);
        } catch (StackOverflowError tooDeep) {
            // CPython raises a MemoryError with this message and no line.
            throw new PythonSyntaxError("Parser stack overflowed - Python source too complex to parse", 1);
        }
    }

    private static int lineOf(String source, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            char c = source.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= source.length() || source.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /**
     * CPython tokenizes the rest of the source after a parser error, and a tokenizer error found there wins; an
     * unclosed bracket only wins when it was opened on an earlier line than the parser error.
     */
    private static PythonSyntaxError preferTokenizerError(PythonSyntaxError error, List<Token> tokens,
            TokenCursor cursor) {
        Token last = tokens.get(tokens.size() - 1);
        if (last.kind() != TokenKind.ERROR || isSame(error, last)) {
            return error;
        }
        if (!last.eofError()) {
            return last.error();
        }
        boolean failedJustBeforeEnd = cursor.failedAt() >= 0 && cursor.failedAt() + 1 == tokens.size() - 1;
        if (failedJustBeforeEnd || last.line() < error.line()) {
            return last.error();
        }
        return error;
    }

    private static boolean isSame(PythonSyntaxError error, Token errorToken) {
        return error.getMessage().equals(errorToken.text()) && error.line() == errorToken.line();
    }
}
