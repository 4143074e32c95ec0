package dev.codeinterp.python.syntax;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Python's {@code repr} of constants, and the character classes it relies on. */
final class PythonRepr {

    private PythonRepr() {
    }

    /** {@code str.isprintable()} for one code point. */
    static boolean isPrintable(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    static String str(String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < ' ' || cp == 0x7F) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7F || isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(hexEscape(cp));
            }
        }
        return out.append(quote).toString();
    }

    /** What {@code c.encode("unicode_escape")} gives for a character that needs escaping. */
    static String unicodeEscape(int cp) {
        return switch (cp) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> cp < ' ' || cp >= 0x7F ? hexEscape(cp) : new String(Character.toChars(cp));
        };
    }

    private static String hexEscape(int cp) {
        if (cp <= 0xFF) {
            return String.format("\\x%02x", cp);
        }
        if (cp <= 0xFFFF) {
            return String.format("\\u%04x", cp);
        }
        return String.format("\\U%08x", cp);
    }

    static String bytes(byte[] value) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : value) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length + 3).append('b').append(quote);
        for (byte b : value) {
            int c = b & 0xFF;
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < ' ' || c >= 0x7F) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append(quote).toString();
    }

    /** {@code repr(float)}, with {@code ast.unparse}'s {@code 1e309} for infinity. */
    static String floatRepr(double value) {
        return shortest(value, true);
    }

    /** {@code repr(complex(0, value))}: like a float but without the added {@code .0}. */
    static String imaginaryRepr(double value) {
        return shortest(value, false) + "j";
    }

    private static String shortest(double value, boolean addDotZero) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "1e309" : "-1e309";
        }
        if (Double.isNaN(value)) {
            return "(1e309-1e309)";
        }
        if (value == 0) {
            String zero = addDotZero ? "0.0" : "0";
            return (1 / value < 0 ? "-" : "") + zero;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal rounded = exact;
        for (int precision = 1; precision <= 17; precision++) {
            rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                break;
            }
        }
        String sign = rounded.signum() < 0 ? "-" : "";
        String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        // the value is 0.<digits> * 10^decimalPoint
        int decimalPoint = rounded.precision() - rounded.scale();
        String body;
        if (decimalPoint > -4 && decimalPoint <= 16) {
            if (decimalPoint <= 0) {
                body = "0." + "0".repeat(-decimalPoint) + digits;
            } else if (decimalPoint >= digits.length()) {
                body = digits + "0".repeat(decimalPoint - digits.length()) + (addDotZero ? ".0" : "");
            } else {
                body = digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
            }
        } else {
            int exponent = decimalPoint - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            body = mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return sign + body;
    }
}
