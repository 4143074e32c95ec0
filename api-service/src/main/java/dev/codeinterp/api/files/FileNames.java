package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for file names: non-empty, at most 255 UTF-8 bytes, not {@code .} or {@code ..}, and free of
 * {@code /}, {@code \}, control characters (NUL included) and unpaired surrogates. Anything else is allowed:
 * spaces, quotes, any script.
 */
public final class FileNames {

    public static final int MAX_BYTES = 255;
    static final String INVALID = "Invalid filename";

    private FileNames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        return name.codePoints().allMatch(FileNames::isAllowed)
                && name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** A code point that may appear in a name; {@code codePoints()} yields an unpaired surrogate on its own. */
    private static boolean isAllowed(int c) {
        return c != '/' && c != '\\' && !Character.isISOControl(c)
                && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
    }

    /** The name itself when valid; otherwise a 400 {@code Invalid filename}. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw ApiException.badRequest(INVALID);
        }
        return name;
    }
}
