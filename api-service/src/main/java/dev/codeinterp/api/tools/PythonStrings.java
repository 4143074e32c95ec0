package dev.codeinterp.api.tools;

/** The few {@code str} methods of Python whose notion of whitespace and tabs the docstring rules depend on. */
final class PythonStrings {

    /** A regex character class of exactly the characters for which Python's {@code str.isspace()} is true. */
    static final String WHITESPACE_CLASS =
            "[\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

    private PythonStrings() {
    }

    static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= ' ') || c == '\u0085' || c == '\u00a0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029'
                || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    static String strip(String text) {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return lstrip(text.substring(0, end));
    }

    static String lstrip(String text) {
        int start = 0;
        while (start < text.length() && isSpace(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }

    /** {@code str.expandtabs()}: tab stops every 8 columns; the column restarts after {@code \n} and {@code \r}. */
    static String expandTabs(String text) {
        if (text.indexOf('\t') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                int spaces = 8 - column % 8;
                out.append(" ".repeat(spaces));
                column += spaces;
            } else {
                out.append(c);
                column = (c == '\n' || c == '\r') ? 0 : column + 1;
            }
        }
        return out.toString();
    }
}
