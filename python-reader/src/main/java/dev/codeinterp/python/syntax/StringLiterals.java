package dev.codeinterp.python.syntax;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Decodes the text of string and bytes literals exactly as CPython evaluates their escape sequences. */
final class StringLiterals {

    private StringLiterals() {
    }

    /** The prefix letters of a string token such as {@code rb'…'}. */
    record Prefix(boolean raw, boolean bytes, boolean formatted, boolean unicode, int length) {

        static Prefix of(String tokenText) {
            int length = 0;
            while (tokenText.charAt(length) != '\'' && tokenText.charAt(length) != '"') {
                length++;
            }
            String letters = tokenText.substring(0, length).toLowerCase(Locale.ROOT);
            return new Prefix(letters.contains("r"), letters.contains("b"), letters.contains("f"),
                    letters.contains("u"), length);
        }
    }

    /** The text between the quotes of a string token. */
    static String body(String tokenText, Prefix prefix) {
        String quoted = tokenText.substring(prefix.length());
        int quoteLength = quoted.length() >= 6 && quoted.startsWith(quoted.substring(0, 1).repeat(3)) ? 3 : 1;
        return quoted.substring(quoteLength, quoted.length() - quoteLength);
    }

    static String decodeString(String body, boolean raw, int line) throws PythonSyntaxError {
        if (raw || body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            int simple = simpleEscape(e);
            if (simple >= 0) {
                out.append((char) simple);
                i += 2;
            } else if (e == '\n') {
                i += 2;
            } else if (e >= '0' && e <= '7') {
                int end = octalEnd(body, i + 1);
                out.appendCodePoint(Integer.parseInt(body.substring(i + 1, end), 8));
                i = end;
            } else if (e == 'x' || e == 'u' || e == 'U') {
                int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                int end = hexEnd(body, i + 2, digits);
                if (end - (i + 2) < digits) {
                    String name = e == 'x' ? "\\xXX" : e == 'u' ? "\\uXXXX" : "\\UXXXXXXXX";
                    throw unicodeError(body, i, end - i, "truncated " + name + " escape", line);
                }
                int value = (int) Long.parseLong(body.substring(i + 2, end), 16);
                if (value < 0 || value > Character.MAX_CODE_POINT) {
                    throw unicodeError(body, i, end - i, "illegal Unicode character", line);
                }
                out.appendCodePoint(value);
                i = end;
            } else if (e == 'N') {
                i = appendNamedCharacter(body, i, out, line);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int appendNamedCharacter(String body, int backslash, StringBuilder out, int line)
            throws PythonSyntaxError {
        int open = backslash + 2;
        if (open >= body.length() || body.charAt(open) != '{') {
            throw unicodeError(body, backslash, 2, "malformed \\N character escape", line);
        }
        int close = body.indexOf('}', open);
        if (close < 0 || close == open + 1) {
            int length = close < 0 ? body.length() - backslash : close - backslash + 1;
            throw unicodeError(body, backslash, Math.min(length, 3), "malformed \\N character escape", line);
        }
        String name = body.substring(open + 1, close);
        int codePoint = -1;
        if (name.equals(name.strip())) {
            try {
                codePoint = Character.codePointOf(name);
            } catch (IllegalArgumentException unknown) {
                codePoint = -1;
            }
        }
        if (codePoint < 0) {
            throw unicodeError(body, backslash, close - backslash + 1, "unknown Unicode character name", line);
        }
        out.appendCodePoint(codePoint);
        return close + 1;
    }

    static byte[] decodeBytes(String body, boolean raw, int line) throws PythonSyntaxError {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) >= 128) {
                throw new PythonSyntaxError("bytes can only contain ASCII literal characters", line);
            }
        }
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (raw || c != '\\' || i + 1 >= body.length()) {
                out.write(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            int simple = simpleEscape(e);
            if (simple >= 0) {
                out.write(simple);
                i += 2;
            } else if (e == '\n') {
                i += 2;
            } else if (e >= '0' && e <= '7') {
                int end = octalEnd(body, i + 1);
                out.write(Integer.parseInt(body.substring(i + 1, end), 8) & 0xFF);
                i = end;
            } else if (e == 'x') {
                int end = hexEnd(body, i + 2, 2);
                if (end - (i + 2) < 2) {
                    throw new PythonSyntaxError("(value error) invalid \\x escape at position " + i, line);
                }
                out.write(Integer.parseInt(body.substring(i + 2, end), 16));
                i = end;
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    private static int simpleEscape(char e) {
        return switch (e) {
            case '\\' -> '\\';
            case '\'' -> '\'';
            case '"' -> '"';
            case 'a' -> 7;
            case 'b' -> 8;
            case 'f' -> 12;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 11;
            default -> -1;
        };
    }

    private static int octalEnd(String body, int start) {
        int end = start;
        while (end < body.length() && end < start + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
            end++;
        }
        return end;
    }

    private static int hexEnd(String body, int start, int digits) {
        int end = start;
        while (end < body.length() && end < start + digits && body.charAt(end) < 128
                && Character.digit(body.charAt(end), 16) >= 0) {
            end++;
        }
        return end;
    }

    /** CPython reports positions in its intermediate encoding, where each non-ASCII character takes ten bytes. */
    private static PythonSyntaxError unicodeError(String body, int start, int length, String reason, int line) {
        int from = 0;
        for (int i = 0; i < start; ) {
            int cp = body.codePointAt(i);
            from += cp < 128 ? 1 : 10;
            i += Character.charCount(cp);
        }
        String message = "(unicode error) 'unicodeescape' codec can't decode bytes in position " + from + "-"
                + (from + length - 1) + ": " + reason;
        return new PythonSyntaxError(message, line);
    }
}
