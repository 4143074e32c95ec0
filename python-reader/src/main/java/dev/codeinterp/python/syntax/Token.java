package dev.codeinterp.python.syntax;

import java.util.List;

/**
 * One token. {@code start}/{@code end} are offsets in the (newline-normalised) source; {@code text} is the source
 * text, or the message for an {@link TokenKind#ERROR} token. {@code fstring} holds the parts of an f-string token and
 * is null for every other token.
 *
 * @param eofError for an error token: true when it is CPython's "error at end of file" (an unclosed bracket or a
 *                 trailing backslash), which only wins over parser errors on earlier lines
 */
record Token(TokenKind kind, String text, int line, int column, int start, int end, List<FStringPart> fstring,
        boolean eofError) {

    Token(TokenKind kind, String text, int line, int column, int start, int end) {
        this(kind, text, line, column, start, end, null, false);
    }

    static Token error(String message, int line, boolean eofError) {
        return new Token(TokenKind.ERROR, message, line, 0, -1, -1, null, eofError);
    }

    boolean is(String operatorOrKeyword) {
        return (kind == TokenKind.OP || kind == TokenKind.NAME) && text.equals(operatorOrKeyword);
    }

    PythonSyntaxError error() {
        return new PythonSyntaxError(text, line);
    }
}
