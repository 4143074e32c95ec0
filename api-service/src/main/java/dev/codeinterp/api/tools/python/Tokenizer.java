package dev.codeinterp.api.tools.python;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits Python 3.12 source into tokens the way CPython's tokenizer does, including its INDENT/DEDENT bookkeeping and
 * PEP 701 f-strings (whose replacement fields are tokenized into {@link FStringPart}s). The first tokenizer error ends
 * the token list as an {@link TokenKind#ERROR} token, because CPython only reports it once the parser gets there (or
 * when no parser error on an earlier line wins).
 */
final class Tokenizer {

    private static final int MAX_BRACKET_DEPTH = 200;
    private static final int MAX_INDENT_LEVELS = 100;
    private static final int TAB_SIZE = 8;
    private static final Set<String> STRING_PREFIXES = Set.of("r", "u", "b", "br", "rb", "f", "fr", "rf");
    /** Longest first, so that the first match is the operator. */
    private static final String[] MULTI_CHAR_OPERATORS = {"**=", "...", "//=", ">>=", "<<=", "!=", "%=", "&=", "**",
        "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|="};
    private static final String[] SINGLE_CHAR_OPERATORS = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            SINGLE_CHAR_OPERATORS[c] = String.valueOf(c);
        }
    }

    private record Bracket(char symbol, int line, int column) {
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private List<Token> out = new ArrayList<>();
    private final Deque<Bracket> brackets = new ArrayDeque<>();
    private final int[] indents = new int[MAX_INDENT_LEVELS + 1];
    private final int[] altIndents = new int[MAX_INDENT_LEVELS + 1];
    private int indentLevel;
    private boolean atLineStart = true;
    private boolean lineHasTokens;
    private int fstringDepth;
    /** The quote of the innermost f-string whose replacement field is being tokenized, or null. */
    private String enclosingFStringQuote;

    private Tokenizer(String source) {
        this.src = source;
    }

    /** Tokenizes a whole module; never throws, a tokenizer error becomes the last token. */
    static List<Token> tokenize(String source) {
        Tokenizer tokenizer = new Tokenizer(normalizeNewlines(source));
        try {
            tokenizer.run();
        } catch (LexError e) {
            tokenizer.out.add(Token.error(e.getMessage(), e.line, e.eof));
        }
        return tokenizer.out;
    }

    static String normalizeNewlines(String source) {
        String s = source.startsWith("\uFEFF") ? source.substring(1) : source;
        if (s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private void run() {
        while (true) {
            if (atLineStart && brackets.isEmpty()) {
                if (readIndentation()) {
                    break;
                }
            }
            skipBlanks();
            if (pos >= src.length()) {
                endOfFile();
                return;
            }
            scanToken();
        }
    }

    private void endOfFile() {
        if (!brackets.isEmpty()) {
            Bracket open = brackets.peek();
            throw new LexError("'" + open.symbol + "' was never closed", open.line, true);
        }
        if (lineHasTokens) {
            add(TokenKind.NEWLINE, "", pos, pos);
        }
        while (indentLevel > 0) {
            indentLevel--;
            add(TokenKind.DEDENT, "", pos, pos);
        }
        add(TokenKind.ENDMARKER, "", pos, pos);
    }

    /** Handles the indentation of a logical line; returns true at end of file. */
    private boolean readIndentation() {
        int col = 0;
        int altCol = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ') {
                col++;
                altCol++;
            } else if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                altCol++;
            } else if (c == '\f') {
                col = 0;
                altCol = 0;
            } else {
                break;
            }
            pos++;
        }
        if (pos >= src.length()) {
            endOfFile();
            return true;
        }
        char c = src.charAt(pos);
        if (c == '#' || c == '\n') {
            return false;
        }
        atLineStart = false;
        if (col == indents[indentLevel]) {
            if (altCol != altIndents[indentLevel]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
        } else if (col > indents[indentLevel]) {
            if (indentLevel + 1 >= MAX_INDENT_LEVELS) {
                throw new LexError("too many levels of indentation", line, false);
            }
            if (altCol <= altIndents[indentLevel]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
            indentLevel++;
            indents[indentLevel] = col;
            altIndents[indentLevel] = altCol;
            add(TokenKind.INDENT, "", pos, pos);
        } else {
            while (indentLevel > 0 && col < indents[indentLevel]) {
                indentLevel--;
                add(TokenKind.DEDENT, "", pos, pos);
            }
            if (col != indents[indentLevel]) {
                throw new LexError("unindent does not match any outer indentation level", line, false);
            }
            if (altCol != altIndents[indentLevel]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
        }
        return false;
    }

    private void skipBlanks() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\') {
                if (pos + 1 >= src.length() || src.charAt(pos + 1) != '\n') {
                    if (pos + 1 >= src.length()) {
                        throw new LexError("unexpected EOF while parsing", line, true);
                    }
                    throw new LexError("unexpected character after line continuation character", line, false);
                }
                pos += 2;
                newLine();
                if (pos >= src.length()) {
                    throw new LexError("unexpected EOF while parsing", line - 1, true);
                }
            } else {
                return;
            }
        }
    }

    private void newLine() {
        line++;
        lineStart = pos;
    }

    private void scanToken() {
        char c = src.charAt(pos);
        if (c == '\n') {
            pos++;
            if (brackets.isEmpty() && lineHasTokens) {
                add(TokenKind.NEWLINE, "\n", pos - 1, pos);
                lineHasTokens = false;
            }
            newLine();
            atLineStart = brackets.isEmpty();
            return;
        }
        int start = pos;
        if (isIdentifierStart(c)) {
            scanNameOrString(start);
        } else if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            NumberScanner.scan(this, start);
        } else if (c == '\'' || c == '"') {
            scanString(start, "");
        } else {
            scanOperator(start);
        }
    }

    private void scanNameOrString(int start) {
        boolean ascii = true;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c >= 128) {
                ascii = false;
            } else if (!isAsciiIdentifierChar(c)) {
                break;
            }
            pos++;
        }
        String name = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')
                && STRING_PREFIXES.contains(name.toLowerCase(Locale.ROOT))) {
            scanString(start, name.toLowerCase(Locale.ROOT));
            return;
        }
        if (!ascii) {
            name = verifyIdentifier(name);
        }
        add(TokenKind.NAME, name, start, pos);
    }

    private String verifyIdentifier(String name) {
        String normalized = Normalizer.normalize(name, Normalizer.Form.NFKC);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            boolean valid = i == 0 ? isIdentifierStartCodePoint(cp) : isIdentifierPartCodePoint(cp);
            if (!valid) {
                int bad = name.codePointAt(Math.min(offsetOfCodePoint(name, normalized, i), name.length() - 1));
                throw new LexError(invalidCharacterMessage(bad), line, false);
            }
            i += Character.charCount(cp);
        }
        return normalized;
    }

    private static int offsetOfCodePoint(String original, String normalized, int normalizedOffset) {
        return original.length() == normalized.length() ? normalizedOffset : 0;
    }

    static String invalidCharacterMessage(int codePoint) {
        String hex = String.format("U+%04X", codePoint);
        if (PythonRepr.isPrintable(codePoint)) {
            return "invalid character '" + new String(Character.toChars(codePoint)) + "' (" + hex + ")";
        }
        return "invalid non-printable character " + hex;
    }

    private static boolean isIdentifierStartCodePoint(int cp) {
        return cp == '_' || Character.isLetter(cp) || Character.getType(cp) == Character.LETTER_NUMBER
                || cp == 0x2118 || cp == 0x212E || cp == 0x309B || cp == 0x309C;
    }

    private static boolean isIdentifierPartCodePoint(int cp) {
        if (isIdentifierStartCodePoint(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.CONNECTOR_PUNCTUATION
                || cp == 0x00B7 || cp == 0x0387 || (cp >= 0x1369 && cp <= 0x1371) || cp == 0x19DA;
    }

    private void scanOperator(int start) {
        char c = src.charAt(pos);
        if (c >= 128 || Character.isISOControl(c) && c != '\t') {
            int cp = src.codePointAt(pos);
            if (c >= 128) {
                throw new LexError(invalidCharacterMessage(cp), line, false);
            }
            throw new LexError("invalid non-printable character " + String.format("U+%04X", cp), line, false);
        }
        String op = SINGLE_CHAR_OPERATORS[c];
        for (String candidate : MULTI_CHAR_OPERATORS) {
            if (candidate.charAt(0) == c && src.startsWith(candidate, pos)) {
                op = candidate;
                break;
            }
        }
        pos += op.length();
        if (op.length() == 1) {
            trackBracket(c, start);
        }
        add(TokenKind.OP, op, start, pos);
    }

    private void trackBracket(char c, int start) {
        if (c == '(' || c == '[' || c == '{') {
            if (brackets.size() >= MAX_BRACKET_DEPTH) {
                throw new LexError("too many nested parentheses", line, false);
            }
            brackets.push(new Bracket(c, line, start - lineStart));
        } else if (c == ')' || c == ']' || c == '}') {
            if (brackets.isEmpty()) {
                throw new LexError("unmatched '" + c + "'", line, false);
            }
            Bracket open = brackets.pop();
            char expected = open.symbol == '(' ? ')' : open.symbol == '[' ? ']' : '}';
            if (c != expected) {
                String message = "closing parenthesis '" + c + "' does not match opening parenthesis '" + open.symbol
                        + "'" + (open.line != line ? " on line " + open.line : "");
                throw new LexError(message, line, false);
            }
        }
    }

    // ---- strings ----

    private void scanString(int start, String prefix) {
        char quoteChar = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quoteChar).repeat(3), pos);
        String quote = triple ? String.valueOf(quoteChar).repeat(3) : String.valueOf(quoteChar);
        int startLine = line;
        pos += quote.length();
        if (prefix.indexOf('f') >= 0) {
            List<FStringPart> parts = scanFStringBody(quote, prefix.indexOf('r') >= 0, startLine, start);
            Token token = new Token(TokenKind.STRING, src.substring(start, pos), startLine, start - lineStart(startLine,
                    start), start, pos, parts, false);
            addToken(token);
            return;
        }
        while (true) {
            if (pos >= src.length() || (!triple && src.charAt(pos) == '\n')) {
                throw unterminated(quote, "string", startLine);
            }
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                pos += 2;
                if (src.charAt(pos - 1) == '\n') {
                    newLine();
                }
            } else if (src.startsWith(quote, pos)) {
                pos += quote.length();
                break;
            } else {
                pos++;
                if (c == '\n') {
                    newLine();
                }
            }
        }
        addToken(new Token(TokenKind.STRING, src.substring(start, pos), startLine, 0, start, pos));
    }

    private int lineStart(int tokenLine, int start) {
        return tokenLine == line ? lineStart : start;
    }

    private LexError unterminated(String quote, String what, int startLine) {
        int detected = line;
        if (quote.length() == 3) {
            if (pos >= src.length() && src.endsWith("\n")) {
                detected = line - 1;
            }
            return new LexError("unterminated triple-quoted " + what + " literal (detected at line " + detected + ")",
                    startLine, false);
        }
        if (enclosingFStringQuote != null && enclosingFStringQuote.equals(quote)) {
            return new LexError("f-string: expecting '}'", line, false);
        }
        return new LexError("unterminated " + what + " literal (detected at line " + detected + ")", startLine, false);
    }

    private List<FStringPart> scanFStringBody(String quote, boolean raw, int startLine, int start) {
        if (++fstringDepth > MAX_BRACKET_DEPTH) {
            throw new LexError("too many nested f-strings", line, false);
        }
        List<FStringPart> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalLine = line;
        while (true) {
            if (pos >= src.length() || (quote.length() == 1 && src.charAt(pos) == '\n')) {
                throw unterminated(quote, "f-string", startLine);
            }
            char c = src.charAt(pos);
            if (src.startsWith(quote, pos)) {
                pos += quote.length();
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char next = src.charAt(pos + 1);
                if (!raw && next == 'N' && pos + 2 < src.length() && src.charAt(pos + 2) == '{') {
                    int close = src.indexOf('}', pos);
                    int end = close < 0 ? pos + 2 : close + 1;
                    literal.append(src, pos, end);
                    pos = end;
                    continue;
                }
                if (next == '{' || next == '}') {
                    literal.append(c);
                    pos++;
                    continue;
                }
                literal.append(c).append(next);
                pos += 2;
                if (next == '\n') {
                    newLine();
                }
                continue;
            }
            if (c == '{' || c == '}') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == c) {
                    literal.append(c);
                    pos += 2;
                    continue;
                }
                if (c == '}') {
                    throw new LexError("f-string: single '}' is not allowed", line, false);
                }
                if (!literal.isEmpty()) {
                    parts.add(new FStringPart.Literal(literal.toString(), literalLine));
                    literal.setLength(0);
                }
                parts.add(scanField(quote, raw));
                literalLine = line;
                continue;
            }
            literal.append(c);
            pos++;
            if (c == '\n') {
                newLine();
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new FStringPart.Literal(literal.toString(), literalLine));
        }
        fstringDepth--;
        return parts;
    }

    /** Tokenizes {@code {…}} with {@code pos} on the opening brace. */
    private FStringPart.Field scanField(String quote, boolean raw) {
        int fieldLine = line;
        trackBracket('{', pos);
        int depth = brackets.size();
        pos++;
        int exprStart = pos;
        List<Token> saved = out;
        String savedQuote = enclosingFStringQuote;
        boolean savedLineHasTokens = lineHasTokens;
        out = new ArrayList<>();
        enclosingFStringQuote = quote;
        String debugText = null;
        char conversion = 0;
        List<FStringPart> spec = null;
        try {
            while (true) {
                skipBlanks();
                if (pos >= src.length()) {
                    throw new LexError("f-string: expecting '}'", line, false);
                }
                char c = src.charAt(pos);
                if (brackets.size() == depth && (c == '}' || c == ':' || (c == '!' && !src.startsWith("!=", pos)))) {
                    break;
                }
                if (src.startsWith(quote, pos) && brackets.size() == depth && quote.length() == 3) {
                    throw new LexError("f-string: expecting '}'", line, false);
                }
                int before = out.size();
                scanToken();
                if (brackets.size() == depth && out.size() == before + 1 && out.get(before).is("=")) {
                    out.remove(before);
                    skipBlanks();
                    debugText = src.substring(exprStart, pos);
                    break;
                }
                if (brackets.size() < depth) {
                    throw new LexError("f-string: unmatched '" + src.charAt(pos - 1) + "'", line, false);
                }
            }
            List<Token> expression = out;
            expression.add(new Token(TokenKind.ENDMARKER, "", line, 0, pos, pos));
            out = saved;
            if (pos < src.length() && src.charAt(pos) == '!') {
                pos++;
                int nameStart = pos;
                while (pos < src.length() && isAsciiIdentifierChar(src.charAt(pos))) {
                    pos++;
                }
                String name = src.substring(nameStart, pos);
                if (name.isEmpty()) {
                    throw new LexError("f-string: missing conversion character", line, false);
                }
                if (!name.equals("s") && !name.equals("r") && !name.equals("a")) {
                    throw new LexError("f-string: invalid conversion character '" + name
                            + "': expected 's', 'r', or 'a'", line, false);
                }
                conversion = name.charAt(0);
            }
            if (pos < src.length() && src.charAt(pos) == ':') {
                pos++;
                spec = scanFormatSpec(quote, raw);
            }
            if (pos >= src.length() || src.charAt(pos) != '}') {
                throw new LexError("f-string: expecting '}'", line, false);
            }
            trackBracket('}', pos);
            pos++;
            return new FStringPart.Field(expression, debugText, conversion, spec, fieldLine);
        } finally {
            out = saved;
            enclosingFStringQuote = savedQuote;
            lineHasTokens = savedLineHasTokens;
        }
    }

    private List<FStringPart> scanFormatSpec(String quote, boolean raw) {
        List<FStringPart> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalLine = line;
        while (true) {
            if (pos >= src.length() || src.startsWith(quote, pos) || (quote.length() == 1 && src.charAt(pos) == '\n')) {
                throw new LexError("f-string: expecting '}'", line, false);
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
                parts.add(scanField(quote, raw));
                literalLine = line;
                continue;
            }
            if (c == '\\' && pos + 1 < src.length() && !raw) {
                literal.append(c).append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            literal.append(c);
            pos++;
            if (c == '\n') {
                newLine();
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new FStringPart.Literal(literal.toString(), literalLine));
        }
        return parts;
    }

    // ---- helpers shared with NumberScanner ----

    String source() {
        return src;
    }

    int pos() {
        return pos;
    }

    void advanceTo(int newPos) {
        pos = newPos;
    }

    int line() {
        return line;
    }

    void add(TokenKind kind, String text, int start, int end) {
        addToken(new Token(kind, text, line, start - lineStart, start, end));
    }

    private void addToken(Token token) {
        if (token.kind() != TokenKind.NEWLINE && token.kind() != TokenKind.INDENT
                && token.kind() != TokenKind.DEDENT && token.kind() != TokenKind.ENDMARKER) {
            lineHasTokens = true;
        }
        out.add(token);
    }

    LexError error(String message) {
        return new LexError(message, line, false);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c);
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
    }

    /** A tokenizer error; {@code eof} marks CPython's end-of-file errors. */
    static final class LexError extends RuntimeException {
        final int line;
        final boolean eof;

        LexError(String message, int line, boolean eof) {
            super(message, null, false, false);
            this.line = line;
            this.eof = eof;
        }
    }
}
