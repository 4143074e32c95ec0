package dev.codeinterp.api.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tool's docstring says, read the way the reference implementation reads Sphinx (reST) fields: the text
 * before the first line starting with {@code :} describes the function, {@code :param name: text} (name of
 * lowercase letters and underscores, continuation lines kept) a parameter, {@code :return: text} the result. Other
 * fields are ignored.
 *
 * @param description the function's description, possibly empty
 * @param returns     the {@code :return:} text, possibly empty
 * @param parameters  parameter name → description; a later field for the same name wins
 */
record SphinxDocstring(String description, String returns, Map<String, String> parameters) {

    private static final int FLAGS = Pattern.MULTILINE | Pattern.UNIX_LINES;
    /** Python's {@code (^|\n)\s*:}; the field separator. */
    private static final Pattern FIELD_START =
            Pattern.compile("(^|\n)" + PythonStrings.WHITESPACE_CLASS + "*:", FLAGS);
    // Python's "(?:.|\n)+" is ".+" with DOTALL; written so, Java matches it in a loop instead of recursing per char.
    private static final Pattern PARAM = Pattern.compile("param ([a-z_]+): (.+)", FLAGS | Pattern.DOTALL);
    private static final Pattern RETURN = Pattern.compile("return: (.+)", FLAGS | Pattern.DOTALL);

    static SphinxDocstring parse(String rawDocstring) {
        String docstring = rawDocstring == null ? "" : cleandoc(rawDocstring);
        List<String> chunks = split(docstring);
        Map<String, String> parameters = new LinkedHashMap<>();
        String returns = "";
        for (String chunk : chunks.subList(1, chunks.size())) {
            Matcher param = PARAM.matcher(chunk);
            Matcher result = RETURN.matcher(chunk);
            if (param.lookingAt()) {
                parameters.put(param.group(1), param.group(2));
            } else if (result.lookingAt()) {
                returns = result.group(1);
            }
        }
        return new SphinxDocstring(chunks.get(0), returns, parameters);
    }

    /** The pieces between field starts, each stripped of surrounding whitespace as Python's {@code str.strip}. */
    private static List<String> split(String docstring) {
        List<String> chunks = new ArrayList<>();
        Matcher separator = FIELD_START.matcher(docstring);
        int start = 0;
        while (separator.find()) {
            chunks.add(PythonStrings.strip(docstring.substring(start, separator.start())));
            start = separator.end();
        }
        chunks.add(PythonStrings.strip(docstring.substring(start)));
        return chunks;
    }

    /**
     * Python's {@code inspect.cleandoc}: tabs expanded, the first line's leading blanks removed, the margin common
     * to the other lines removed, and blank lines at both ends dropped.
     */
    static String cleandoc(String docstring) {
        String[] lines = PythonStrings.expandTabs(docstring).split("\n", -1);
        int margin = Integer.MAX_VALUE;
        for (int i = 1; i < lines.length; i++) {
            String content = PythonStrings.lstrip(lines[i]);
            if (!content.isEmpty()) {
                margin = Math.min(margin, lines[i].length() - content.length());
            }
        }
        lines[0] = PythonStrings.lstrip(lines[0]);
        if (margin < Integer.MAX_VALUE) {
            for (int i = 1; i < lines.length; i++) {
                lines[i] = lines[i].substring(Math.min(margin, lines[i].length()));
            }
        }
        int first = 0;
        int last = lines.length;
        while (first < last && lines[first].isEmpty()) {
            first++;
        }
        while (last > first && lines[last - 1].isEmpty()) {
            last--;
        }
        return String.join("\n", Arrays.asList(lines).subList(first, last));
    }
}
