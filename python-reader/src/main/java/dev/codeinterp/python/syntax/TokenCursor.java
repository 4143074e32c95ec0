package dev.codeinterp.python.syntax;

import java.util.List;

/** A position in a token list, shared by the statement and expression parsers. */
final class TokenCursor {

    private final List<Token> tokens;
    private int index;
    /** The index of the token a generic "invalid syntax" was reported at, or -1. */
    private int failedAt = -1;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() throws PythonSyntaxError {
        Token token = tokens.get(index);
        if (token.kind() == TokenKind.ERROR) {
            throw token.error();
        }
        return token;
    }

    /** The token after the current one; an error token there is only thrown when the parser moves onto it. */
    Token peekSecond() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    Token next() throws PythonSyntaxError {
        Token token = peek();
        if (token.kind() != TokenKind.ENDMARKER) {
            index++;
        }
        return token;
    }

    boolean at(String operatorOrKeyword) throws PythonSyntaxError {
        return peek().is(operatorOrKeyword);
    }

    boolean at(TokenKind kind) throws PythonSyntaxError {
        return peek().kind() == kind;
    }

    boolean accept(String operatorOrKeyword) throws PythonSyntaxError {
        if (at(operatorOrKeyword)) {
            index++;
            return true;
        }
        return false;
    }

    Token expect(String operator) throws PythonSyntaxError {
        if (!at(operator)) {
            throw invalidSyntax();
        }
        return next();
    }

    Token previous() {
        return tokens.get(Math.max(index - 1, 0));
    }

    int mark() {
        return index;
    }

    void reset(int mark) {
        index = mark;
    }

    /** CPython's generic error, reported at the current token. */
    PythonSyntaxError invalidSyntax() throws PythonSyntaxError {
        Token token = peek();
        failedAt = index;
        if (token.kind() == TokenKind.INDENT) {
            return new PythonSyntaxError("unexpected indent", token.line());
        }
        if (token.kind() == TokenKind.DEDENT) {
            return new PythonSyntaxError("unexpected unindent", token.line());
        }
        int line = token.kind() == TokenKind.NEWLINE || token.kind() == TokenKind.ENDMARKER
                ? previous().line() : token.line();
        if (token.kind() == TokenKind.ENDMARKER && index > 0) {
            line = lastLineOf(previous());
        }
        return new PythonSyntaxError("invalid syntax", line);
    }

    private static int lastLineOf(Token token) {
        return token.line() + (int) token.text().chars().filter(c -> c == '\n').count()
                - (token.kind() == TokenKind.NEWLINE ? 1 : 0);
    }

    PythonSyntaxError error(String message, int line) {
        return new PythonSyntaxError(message, line);
    }

    int failedAt() {
        return failedAt;
    }

    List<Token> tokens() {
        return tokens;
    }
}
