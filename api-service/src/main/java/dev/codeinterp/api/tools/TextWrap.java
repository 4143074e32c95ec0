package dev.codeinterp.api.tools;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code textwrap.dedent}: removes the margin common to every line that has content, and empties lines of
 * only blanks. Line boundaries are {@code \n} only, as for Python's {@code re}.
 */
final class TextWrap {

    private static final int FLAGS = Pattern.MULTILINE | Pattern.UNIX_LINES;
    private static final Pattern WHITESPACE_ONLY = Pattern.compile("^[ \t]+$", FLAGS);
    private static final Pattern LEADING_WHITESPACE = Pattern.compile("(^[ \t]*)(?:[^ \t\n])", FLAGS);

    private TextWrap() {
    }

    static String dedent(String text) {
        String cleaned = WHITESPACE_ONLY.matcher(text).replaceAll("");
        String margin = null;
        Matcher indents = LEADING_WHITESPACE.matcher(cleaned);
        while (indents.find()) {
            String indent = indents.group(1);
            if (margin == null || margin.startsWith(indent)) {
                margin = indent;
            } else if (!indent.startsWith(margin)) {
                margin = commonPrefix(margin, indent);
            }
        }
        if (margin == null || margin.isEmpty()) {
            return cleaned;
        }
        return Pattern.compile("^" + Pattern.quote(margin), FLAGS).matcher(cleaned).replaceAll("");
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}
