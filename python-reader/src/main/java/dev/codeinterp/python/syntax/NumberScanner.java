package dev.codeinterp.python.syntax;

/** Scans a numeric literal with CPython's rules and messages (underscores, bases, "invalid decimal literal"…). */
final class NumberScanner {

    private final Tokenizer tokenizer;
    private final String src;
    private int pos;

    private NumberScanner(Tokenizer tokenizer, int start) {
        this.tokenizer = tokenizer;
        this.src = tokenizer.source();
        this.pos = start;
    }

    static void scan(Tokenizer tokenizer, int start) {
        NumberScanner scanner = new NumberScanner(tokenizer, start);
        scanner.scanNumber();
        tokenizer.advanceTo(scanner.pos);
        tokenizer.add(TokenKind.NUMBER, tokenizer.source().substring(start, scanner.pos), start, scanner.pos);
    }

    private char at(int i) {
        return i < src.length() ? src.charAt(i) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void scanNumber() {
        char c = at(pos);
        if (c == '.') {
            pos++;
            fraction();
            return;
        }
        if (c == '0') {
            char kind = Character.toLowerCase(at(pos + 1));
            if (kind == 'x' || kind == 'o' || kind == 'b') {
                pos += 2;
                radix(kind);
                return;
            }
            leadingZero();
            return;
        }
        decimalTail();
        afterInteger();
    }

    private void radix(char kind) {
        String name = kind == 'x' ? "hexadecimal" : kind == 'o' ? "octal" : "binary";
        int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
        do {
            if (at(pos) == '_') {
                pos++;
            }
            if (Character.digit(at(pos), radix) < 0 || at(pos) > 'f') {
                if (radix < 10 && isDigit(at(pos))) {
                    throw tokenizer.error("invalid digit '" + at(pos) + "' in " + name + " literal");
                }
                throw tokenizer.error("invalid " + name + " literal");
            }
            while (at(pos) < 128 && Character.digit(at(pos), radix) >= 0) {
                pos++;
            }
        } while (at(pos) == '_');
        if (radix < 10 && isDigit(at(pos))) {
            throw tokenizer.error("invalid digit '" + at(pos) + "' in " + name + " literal");
        }
        verifyEnd(name);
    }

    private void leadingZero() {
        pos++;
        while (true) {
            if (at(pos) == '_') {
                pos++;
                if (!isDigit(at(pos))) {
                    throw tokenizer.error("invalid decimal literal");
                }
            }
            if (at(pos) != '0') {
                break;
            }
            pos++;
        }
        boolean nonZero = false;
        if (isDigit(at(pos))) {
            nonZero = true;
            decimalTail();
        }
        char c = at(pos);
        if (c == '.' || c == 'e' || c == 'E' || c == 'j' || c == 'J') {
            afterInteger();
            return;
        }
        if (nonZero) {
            throw tokenizer.error("leading zeros in decimal integer literals are not permitted; "
                    + "use an 0o prefix for octal integers");
        }
        verifyEnd("decimal");
    }

    private void decimalTail() {
        while (true) {
            while (isDigit(at(pos))) {
                pos++;
            }
            if (at(pos) != '_') {
                return;
            }
            pos++;
            if (!isDigit(at(pos))) {
                throw tokenizer.error("invalid decimal literal");
            }
        }
    }

    private void afterInteger() {
        if (at(pos) == '.') {
            pos++;
            fraction();
            return;
        }
        exponentAndImaginary();
    }

    private void fraction() {
        if (isDigit(at(pos))) {
            decimalTail();
        }
        exponentAndImaginary();
    }

    private void exponentAndImaginary() {
        char c = at(pos);
        if (c == 'e' || c == 'E') {
            int ePos = pos;
            pos++;
            char sign = at(pos);
            if (sign == '+' || sign == '-') {
                pos++;
                if (!isDigit(at(pos))) {
                    throw tokenizer.error("invalid decimal literal");
                }
            } else if (!isDigit(sign)) {
                pos = ePos;
                verifyEnd("decimal");
                return;
            }
            decimalTail();
        }
        if (at(pos) == 'j' || at(pos) == 'J') {
            pos++;
            verifyEnd("imaginary");
            return;
        }
        verifyEnd("decimal");
    }

    /** CPython accepts {@code 1if x else y} (with a warning) but rejects a number glued to any other name. */
    private void verifyEnd(String kind) {
        char c = at(pos);
        boolean keywordFollows = switch (c) {
            case 'a' -> src.startsWith("and", pos);
            case 'e' -> src.startsWith("else", pos);
            case 'f' -> src.startsWith("for", pos);
            case 'i' -> at(pos + 1) == 'f' || at(pos + 1) == 'n' || at(pos + 1) == 's';
            case 'o' -> src.startsWith("or", pos);
            case 'n' -> src.startsWith("not", pos);
            default -> false;
        };
        if (!keywordFollows && c < 128 && Identifiers.isAsciiIdentifierChar(c)) {
            throw tokenizer.error("invalid " + kind + " literal");
        }
    }
}
