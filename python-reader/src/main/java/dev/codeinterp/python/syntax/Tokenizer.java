package dev.codeinterp.python.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits Python 3.12 source into tokens the way CPython's tokenizer does. It owns the logical lines, brackets, names,
 * operators and string literals; {@link Indentation} keeps the INDENT/DEDENT bookkeeping, {@link NumberScanner}
 * scans numbers and {@link FStringScanner} scans PEP 701 f-strings (whose replacement fields are tokenized into
 * {@link FStringPart}s). The first tokenizer error ends the token list as an {@link TokenKind#ERROR} token, because
 * CPython only reports it once the parser gets there (or when no parser error on an earlier line wins).
 */
final class Tokenizer {

    static final int MAX_BRACKET_DEPTH = 200;
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
    private final Indentation indentation = new Indentation();
    private final FStringScanner fstrings;
    private boolean atLineStart = true;
    private boolean lineHasTokens;

    private Tokenizer(String source) {
        this.src = source;
        this.fstrings = new FStringScanner(this);
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
        indentation.closeAll(kind -> add(kind, "", pos, pos));
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
        indentation.moveTo(col, altCol, line, kind -> add(kind, "", pos, pos));
        return false;
    }

    /** Skips spaces, tabs, form feeds, a comment and backslash continuations. */
    void skipBlanks() {
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

    void newLine() {
        line++;
        lineStart = pos;
    }

    /** Scans the token (or the line break) at {@code pos}. */
    void scanToken() {
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
        if (Identifiers.isIdentifierStart(c)) {
            scanNameOrString(start);
        } else if (Identifiers.isDigit(c)
                || (c == '.' && pos + 1 < src.length() && Identifiers.isDigit(src.charAt(pos + 1)))) {
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
            } else if (!Identifiers.isAsciiIdentifierChar(c)) {
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
            name = Identifiers.verify(name, line);
        }
        add(TokenKind.NAME, name, start, pos);
    }

    private void scanOperator(int start) {
        char c = src.charAt(pos);
        if (c >= 128 || Character.isISOControl(c) && c != '\t') {
            int cp = src.codePointAt(pos);
            if (c >= 128) {
                throw new LexError(Identifiers.invalidCharacterMessage(cp), line, false);
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

    void trackBracket(char c, int start) {
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
            List<FStringPart> parts = fstrings.scanBody(quote, prefix.indexOf('r') >= 0, startLine);
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

    /**
     * The error for a string left open at {@code pos}. Inside a replacement field, a single-quoted string opened with
     * the enclosing f-string's quote is really that f-string ending early, so CPython expects the field's '}'.
     */
    LexError unterminated(String quote, String what, int startLine) {
        int detected = line;
        if (quote.length() == 3) {
            if (pos >= src.length() && src.endsWith("\n")) {
                detected = line - 1;
            }
            return new LexError("unterminated triple-quoted " + what + " literal (detected at line " + detected + ")",
                    startLine, false);
        }
        if (quote.equals(fstrings.enclosingQuote())) {
            return new LexError("f-string: expecting '}'", line, false);
        }
        return new LexError("unterminated " + what + " literal (detected at line " + detected + ")", startLine, false);
    }

    // ---- helpers shared with NumberScanner and FStringScanner ----

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

    int openBrackets() {
        return brackets.size();
    }

    /** Sends the tokens to {@code target} from now on; returns where they went before. */
    List<Token> redirectTokens(List<Token> target) {
        List<Token> previous = out;
        out = target;
        return previous;
    }

    boolean lineHasTokens() {
        return lineHasTokens;
    }

    void lineHasTokens(boolean value) {
        lineHasTokens = value;
    }
}
