package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns number and string tokens into constants, and f-strings into their {@code ast.unparse} text. */
final class LiteralParser {

    private static final int MAX_DECIMAL_DIGITS = 4300;

    private final ExpressionParser parser;

    LiteralParser(ExpressionParser parser) {
        this.parser = parser;
    }

    ParsedExpression number(Token token) throws PythonSyntaxError {
        String text = token.text().replace("_", "").toLowerCase(Locale.ROOT);
        Expression.Value value;
        if (text.endsWith("j")) {
            value = new Expression.Imaginary(Double.parseDouble(text.substring(0, text.length() - 1)));
        } else if (text.startsWith("0x") || text.startsWith("0o") || text.startsWith("0b")) {
            int radix = text.charAt(1) == 'x' ? 16 : text.charAt(1) == 'o' ? 8 : 2;
            value = new Expression.Int(new BigInteger(text.substring(2), radix));
        } else if (text.contains(".") || text.contains("e")) {
            value = new Expression.Float(Double.parseDouble(text));
        } else {
            if (text.length() > MAX_DECIMAL_DIGITS) {
                throw new PythonSyntaxError("Exceeds the limit (" + MAX_DECIMAL_DIGITS + " digits) for integer string"
                        + " conversion: value has " + text.length() + " digits; use sys.set_int_max_str_digits() to "
                        + "increase the limit - Consider hexadecimal for large integer literals to avoid decimal "
                        + "conversions", token.line());
            }
            value = new Expression.Int(new BigInteger(text));
        }
        return new ParsedExpression(new Expression.Constant(value), Kind.LITERAL, token.line());
    }

    /** Adjacent string tokens, concatenated as CPython does. */
    ParsedExpression strings() throws PythonSyntaxError {
        TokenCursor cursor = parser.cursor;
        List<Token> tokens = new ArrayList<>();
        while (cursor.at(TokenKind.STRING)) {
            tokens.add(cursor.next());
        }
        Token first = tokens.get(0);
        boolean bytes = StringLiterals.Prefix.of(first.text()).bytes();
        boolean formatted = false;
        for (Token token : tokens) {
            StringLiterals.Prefix prefix = StringLiterals.Prefix.of(token.text());
            if (prefix.bytes() != bytes) {
                throw new PythonSyntaxError("cannot mix bytes and nonbytes literals", first.line());
            }
            formatted |= prefix.formatted();
        }
        if (bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Token token : tokens) {
                StringLiterals.Prefix prefix = StringLiterals.Prefix.of(token.text());
                out.writeBytes(StringLiterals.decodeBytes(StringLiterals.body(token.text(), prefix), prefix.raw(),
                        token.line()));
            }
            return new ParsedExpression(new Expression.Constant(new Expression.Bytes(out.toByteArray())), Kind.LITERAL,
                    first.line());
        }
        if (formatted) {
            return joinedString(tokens);
        }
        StringBuilder value = new StringBuilder();
        for (Token token : tokens) {
            StringLiterals.Prefix prefix = StringLiterals.Prefix.of(token.text());
            value.append(StringLiterals.decodeString(StringLiterals.body(token.text(), prefix), prefix.raw(),
                    token.line()));
        }
        String string = value.toString();
        if (StringLiterals.Prefix.of(first.text()).unicode()) {
            return new ParsedExpression(new Expression.Other("u" + PythonRepr.str(string), Precedence.ATOM), Kind.LITERAL,
                    List.of(), first.line(), string);
        }
        return new ParsedExpression(new Expression.Constant(new Expression.Str(string)), Kind.LITERAL, List.of(), first.line(),
                string);
    }

    // ---- f-strings ----

    /** A value of CPython's {@code JoinedStr}: literal text, or a formatted field. */
    private record Piece(String constant, String field) {
    }

    private ParsedExpression joinedString(List<Token> tokens) throws PythonSyntaxError {
        List<Piece> pieces = new ArrayList<>();
        for (Token token : tokens) {
            StringLiterals.Prefix prefix = StringLiterals.Prefix.of(token.text());
            if (token.fstring() == null) {
                addConstant(pieces, StringLiterals.decodeString(StringLiterals.body(token.text(), prefix),
                        prefix.raw(), token.line()));
            } else {
                addParts(pieces, token.fstring(), prefix.raw());
            }
        }
        return ExpressionParser.other(unparseJoined(pieces), Precedence.ATOM, Kind.FSTRING, tokens.get(0).line());
    }

    private static void addConstant(List<Piece> pieces, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!pieces.isEmpty() && pieces.get(pieces.size() - 1).constant() != null) {
            String merged = pieces.remove(pieces.size() - 1).constant() + text;
            pieces.add(new Piece(merged, null));
        } else {
            pieces.add(new Piece(text, null));
        }
    }

    private void addParts(List<Piece> pieces, List<FStringPart> parts, boolean raw) throws PythonSyntaxError {
        for (FStringPart part : parts) {
            if (part instanceof FStringPart.Literal literal) {
                addConstant(pieces, StringLiterals.decodeString(literal.raw(), raw, literal.line()));
            } else {
                FStringPart.Field field = (FStringPart.Field) part;
                if (field.debugText() != null) {
                    addConstant(pieces, field.debugText());
                }
                pieces.add(new Piece(null, formattedValue(field, raw)));
            }
        }
    }

    /** What {@code visit_FormattedValue} writes for a field. */
    private String formattedValue(FStringPart.Field field, boolean raw) throws PythonSyntaxError {
        if (field.tokens().size() == 1) {
            char next = field.debugText() != null ? '=' : field.conversion() != 0 ? '!'
                    : field.formatSpec() != null ? ':' : '}';
            throw new PythonSyntaxError("f-string: valid expression required before '" + next + "'", field.line());
        }
        ParsedExpression value = ExpressionParser.fieldExpression(field.tokens(), parser);
        String expression = value.unparse(Precedence.next(Precedence.TEST));
        StringBuilder text = new StringBuilder("{");
        if (expression.startsWith("{")) {
            text.append(' ');
        }
        text.append(expression);
        char conversion = field.conversion();
        if (conversion == 0 && field.debugText() != null && field.formatSpec() == null) {
            conversion = 'r';
        }
        if (conversion != 0) {
            text.append('!').append(conversion);
        }
        if (field.formatSpec() != null) {
            text.append(':');
            List<Piece> spec = new ArrayList<>();
            addParts(spec, field.formatSpec(), raw);
            for (Piece piece : spec) {
                text.append(piece.constant() != null
                        ? escapeBraces(piece.constant()).replace("\n", "\\n") : piece.field());
            }
        }
        return text.append('}').toString();
    }

    private static String escapeBraces(String text) {
        return text.replace("{", "{{").replace("}", "}}");
    }

    private static final List<String> ALL_QUOTES = List.of("'", "\"", "\"\"\"", "'''");

    /** {@code visit_JoinedStr} of CPython 3.12. */
    static String unparseJoined(List<Piece> pieces) {
        List<String> quoteTypes = ALL_QUOTES;
        List<String> written = new ArrayList<>();
        boolean fallbackToRepr = false;
        for (Piece piece : pieces) {
            if (piece.constant() != null) {
                QuotedLiteral literal = strLiteralHelper(escapeBraces(piece.constant()), quoteTypes);
                if (literal.quotes().stream().noneMatch(quoteTypes::contains)) {
                    fallbackToRepr = true;
                    break;
                }
                quoteTypes = literal.quotes();
                written.add(literal.text());
            } else {
                if (piece.field().contains("\n")) {
                    quoteTypes = quoteTypes.stream().filter(q -> q.length() == 3).toList();
                }
                written.add(piece.field());
            }
        }
        if (fallbackToRepr) {
            quoteTypes = List.of("'''");
            written.clear();
            for (Piece piece : pieces) {
                if (piece.constant() != null) {
                    String repr = PythonRepr.str("\"" + escapeBraces(piece.constant()));
                    written.add(repr.substring(2, repr.length() - 1));
                } else {
                    written.add(piece.field());
                }
            }
        }
        String quote = quoteTypes.get(0);
        return "f" + quote + String.join("", written) + quote;
    }

    private record QuotedLiteral(String text, List<String> quotes) {
    }

    /** {@code _str_literal_helper} with {@code escape_special_whitespace=True}. */
    private static QuotedLiteral strLiteralHelper(String string, List<String> quoteTypes) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < string.length(); ) {
            int cp = string.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' || !PythonRepr.isPrintable(cp)) {
                escaped.append(PythonRepr.unicodeEscape(cp));
            } else {
                escaped.appendCodePoint(cp);
            }
        }
        String text = escaped.toString();
        List<String> possible = new ArrayList<>(quoteTypes);
        if (text.contains("\n")) {
            possible.removeIf(q -> q.length() != 3);
        }
        possible.removeIf(text::contains);
        if (possible.isEmpty()) {
            String repr = PythonRepr.str(string);
            String quote = quoteTypes.stream().filter(q -> q.indexOf(repr.charAt(0)) >= 0).findFirst()
                    .orElse(repr.substring(0, 1));
            return new QuotedLiteral(repr.substring(1, repr.length() - 1), List.of(quote));
        }
        if (!text.isEmpty()) {
            char last = text.charAt(text.length() - 1);
            // a stable sort that moves quotes starting with the final character to the back, as CPython's does
            List<String> sorted = new ArrayList<>(possible.stream().filter(q -> q.charAt(0) != last).toList());
            sorted.addAll(possible.stream().filter(q -> q.charAt(0) == last).toList());
            possible = sorted;
            if (possible.get(0).charAt(0) == last) {
                text = text.substring(0, text.length() - 1) + "\\" + last;
            }
        }
        return new QuotedLiteral(text, possible);
    }
}
