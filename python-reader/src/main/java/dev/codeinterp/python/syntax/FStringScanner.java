package dev.codeinterp.python.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Scans the body of a PEP 701 f-string for {@link Tokenizer}: its literal text and escapes, and each replacement
 * field, whose expression the tokenizer itself tokenizes into the field's own token list, then the field's {@code =}
 * debug text, {@code !} conversion and {@code :} format spec (which may hold fields of its own). It owns the nesting
 * depth of f-strings and the quote of the innermost one whose field is being tokenized.
 */
final class FStringScanner {

    private final Tokenizer tokenizer;
    private final String src;
    private int depth;
    /** The quote of the innermost f-string whose replacement field is being tokenized, or null. */
    private String enclosingQuote;

    FStringScanner(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.src = tokenizer.source();
    }

    String enclosingQuote() {
        return enclosingQuote;
    }

    /** Scans from just after the opening {@code quote} through the closing one; returns the f-string's parts. */
    List<FStringPart> scanBody(String quote, boolean raw, int startLine) {
        if (++depth > Tokenizer.MAX_BRACKET_DEPTH) {
            throw new LexError("too many nested f-strings", line(), false);
        }
        List<FStringPart> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalLine = line();
        while (true) {
            int pos = pos();
            if (pos >= src.length() || (quote.length() == 1 && src.charAt(pos) == '\n')) {
                throw tokenizer.unterminated(quote, "f-string", startLine);
            }
            char c = src.charAt(pos);
            if (src.startsWith(quote, pos)) {
                skip(quote.length());
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char next = src.charAt(pos + 1);
                if (!raw && next == 'N' && pos + 2 < src.length() && src.charAt(pos + 2) == '{') {
                    int close = src.indexOf('}', pos);
                    int end = close < 0 ? pos + 2 : close + 1;
                    literal.append(src, pos, end);
                    tokenizer.advanceTo(end);
                    continue;
                }
                if (next == '{' || next == '}') {
                    literal.append(c);
                    skip(1);
                    continue;
                }
                literal.append(c).append(next);
                skip(2);
                if (next == '\n') {
                    tokenizer.newLine();
                }
                continue;
            }
            if (c == '{' || c == '}') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == c) {
                    literal.append(c);
                    skip(2);
                    continue;
                }
                if (c == '}') {
                    throw new LexError("f-string: single '}' is not allowed", line(), false);
                }
                if (!literal.isEmpty()) {
                    parts.add(new FStringPart.Literal(literal.toString(), literalLine));
                    literal.setLength(0);
                }
                parts.add(field(quote, raw));
                literalLine = line();
                continue;
            }
            literal.append(c);
            skip(1);
            if (c == '\n') {
                tokenizer.newLine();
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new FStringPart.Literal(literal.toString(), literalLine));
        }
        depth--;
        return parts;
    }

    /** Tokenizes {@code {…}} with the tokenizer on the opening brace. */
    private FStringPart.Field field(String quote, boolean raw) {
        int fieldLine = line();
        tokenizer.trackBracket('{', pos());
        int fieldDepth = tokenizer.openBrackets();
        skip(1);
        int exprStart = pos();
        List<Token> expression = new ArrayList<>();
        List<Token> saved = tokenizer.redirectTokens(expression);
        String savedQuote = enclosingQuote;
        boolean savedLineHasTokens = tokenizer.lineHasTokens();
        enclosingQuote = quote;
        String debugText = null;
        char conversion = 0;
        List<FStringPart> spec = null;
        try {
            while (true) {
                tokenizer.skipBlanks();
                int pos = pos();
                if (pos >= src.length()) {
                    throw new LexError("f-string: expecting '}'", line(), false);
                }
                char c = src.charAt(pos);
                int brackets = tokenizer.openBrackets();
                if (brackets == fieldDepth && (c == '}' || c == ':' || (c == '!' && !src.startsWith("!=", pos)))) {
                    break;
                }
                if (src.startsWith(quote, pos) && brackets == fieldDepth && quote.length() == 3) {
                    throw new LexError("f-string: expecting '}'", line(), false);
                }
                int before = expression.size();
                tokenizer.scanToken();
                if (tokenizer.openBrackets() == fieldDepth && expression.size() == before + 1
                        && expression.get(before).is("=")) {
                    expression.remove(before);
                    tokenizer.skipBlanks();
                    debugText = src.substring(exprStart, pos());
                    break;
                }
                if (tokenizer.openBrackets() < fieldDepth) {
                    throw new LexError("f-string: unmatched '" + src.charAt(pos() - 1) + "'", line(), false);
                }
            }
            expression.add(new Token(TokenKind.ENDMARKER, "", line(), 0, pos(), pos()));
            tokenizer.redirectTokens(saved);
            if (pos() < src.length() && src.charAt(pos()) == '!') {
                skip(1);
                conversion = conversion();
            }
            if (pos() < src.length() && src.charAt(pos()) == ':') {
                skip(1);
                spec = formatSpec(quote, raw);
            }
            if (pos() >= src.length() || src.charAt(pos()) != '}') {
                throw new LexError("f-string: expecting '}'", line(), false);
            }
            tokenizer.trackBracket('}', pos());
            skip(1);
            return new FStringPart.Field(expression, debugText, conversion, spec, fieldLine);
        } finally {
            tokenizer.redirectTokens(saved);
            enclosingQuote = savedQuote;
            tokenizer.lineHasTokens(savedLineHasTokens);
        }
    }

    /** The conversion character after a field's {@code !}. */
    private char conversion() {
        int nameStart = pos();
        while (pos() < src.length() && Identifiers.isAsciiIdentifierChar(src.charAt(pos()))) {
            skip(1);
        }
        String name = src.substring(nameStart, pos());
        if (name.isEmpty()) {
            throw new LexError("f-string: missing conversion character", line(), false);
        }
        if (!name.equals("s") && !name.equals("r") && !name.equals("a")) {
            throw new LexError("f-string: invalid conversion character '" + name + "': expected 's', 'r', or 'a'",
                    line(), false);
        }
        return name.charAt(0);
    }

    private List<FStringPart> formatSpec(String quote, boolean raw) {
        List<FStringPart> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalLine = line();
        while (true) {
            int pos = pos();
            if (pos >= src.length() || src.startsWith(quote, pos) || (quote.length() == 1 && src.charAt(pos) == '\n')) {
                throw new LexError("f-string: expecting '}'", line(), false);
            }
            char c = src.charAt(pos);
            if (c == '}') {
                break;
            }
            if (c == '{') {
                if (!literal.isEmpty()) {
                    parts.add(new FStringPart.Literal(literal.toString(), literalLine));
                    literal.setLength(0);
                }
                parts.add(field(quote, raw));
                literalLine = line();
                continue;
            }
            if (c == '\\' && pos + 1 < src.length() && !raw) {
                literal.append(c).append(src.charAt(pos + 1));
                skip(2);
                continue;
            }
            literal.append(c);
            skip(1);
            if (c == '\n') {
                tokenizer.newLine();
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new FStringPart.Literal(literal.toString(), literalLine));
        }
        return parts;
    }

    private int pos() {
        return tokenizer.pos();
    }

    private int line() {
        return tokenizer.line();
    }

    private void skip(int chars) {
        tokenizer.advanceTo(tokenizer.pos() + chars);
    }
}
