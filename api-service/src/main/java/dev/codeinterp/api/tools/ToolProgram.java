package dev.codeinterp.api.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the ordinary Python program that runs one custom tool through the normal job path.
 *
 * <p>The program is the fixed runner {@code tool_runner.py} (a resource beside this class, standard library only,
 * Python 3.9+) followed by one call carrying the tool's dedented source and its input JSON as Python string literals
 * (see {@link #pythonLiteral}), so no user text ever becomes Python code. Run as {@code python3 main.py}, the
 * program:
 * <ul>
 *   <li>executes the tool source (import statements, then one {@code def}) in a fresh module and takes the last
 *       function it defines as the tool;</li>
 *   <li>validates and coerces the input JSON object against the function's signature, much like pydantic's lax JSON
 *       mode, and calls the function with keyword arguments;</li>
 *   <li>on success exits 0 with exactly {@code json.dumps(result) + "\n"} on stdout: anything the tool itself prints,
 *       including subprocesses and C code, is sent to /dev/null;</li>
 *   <li>otherwise exits 1 with nothing on stdout and, on stderr, either pydantic-like validation errors
 *       ({@code "2 validation errors for add\nb\n  Input should be a valid integer, ..."}), the tool's traceback, or
 *       why its result is not JSON.</li>
 * </ul>
 * The caller therefore answers the tool's output as stdout without its final newline when the exit code is 0, and
 * stderr otherwise.
 */
public final class ToolProgram {

    private static final String RUNNER = loadRunner();

    private ToolProgram() {
    }

    /**
     * The complete program that runs {@code toolSourceCode} on {@code toolInputJson}.
     *
     * @param toolSourceCode the tool's Python source, already validated by the static parser
     * @param toolInputJson  the tool's arguments as text, expected to be a JSON object (the program reports otherwise)
     * @return Python source to run as the job's main program
     */
    public static String forTool(String toolSourceCode, String toolInputJson) {
        Objects.requireNonNull(toolSourceCode, "toolSourceCode");
        Objects.requireNonNull(toolInputJson, "toolInputJson");
        return RUNNER + "\n\nexit_now(run_tool(" + pythonLiteral(TextWrap.dedent(toolSourceCode)) + ", "
                + pythonLiteral(toolInputJson) + "))\n";
    }

    /**
     * A double-quoted Python {@code str} literal of {@code text} in which only printable ASCII other than {@code "}
     * and {@code \} stands for itself: every other character is a <code>&#92;x</code>, <code>&#92;u</code> or <code>&#92;U</code> escape, so
     * nothing in the text can end the literal and the program stays ASCII. A lone surrogate, which Python cannot
     * compile or encode, becomes {@code ?} as in Java's UTF-8 encoding.
     */
    static String pythonLiteral(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 16).append('"');
        text.codePoints().forEach(c -> appendCharacter(literal, c));
        return literal.append('"').toString();
    }

    private static void appendCharacter(StringBuilder literal, int c) {
        if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
            literal.append((char) c);
        } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            literal.append('?');
        } else if (c <= 0xff) {
            appendEscape(literal, 'x', c, 2);
        } else if (c <= 0xffff) {
            appendEscape(literal, 'u', c, 4);
        } else {
            appendEscape(literal, 'U', c, 8);
        }
    }

    private static void appendEscape(StringBuilder literal, char kind, int c, int hexDigits) {
        literal.append('\\').append(kind);
        for (int shift = 4 * (hexDigits - 1); shift >= 0; shift -= 4) {
            literal.append(Character.forDigit((c >> shift) & 0xf, 16));
        }
    }

    private static String loadRunner() {
        try (InputStream in = ToolProgram.class.getResourceAsStream("tool_runner.py")) {
            if (in == null) {
                throw new IllegalStateException("tool_runner.py is missing beside " + ToolProgram.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tool_runner.py", e);
        }
    }
}
