package dev.codeinterp.python.syntax;

import java.text.Normalizer;

/**
 * Python's rules for names (PEP 3131) as the tokenizer applies them: which characters start or continue an
 * identifier, the NFKC normalisation of non-ASCII names, and CPython's "invalid character" messages.
 */
final class Identifiers {

    private Identifiers() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c);
    }

    /** Whether a name may start here; any non-ASCII character may, and {@link #verify} checks it afterwards. */
    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
    }

    /** Checks a name with non-ASCII characters and returns its NFKC form, the name Python uses. */
    static String verify(String name, int line) {
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
}
