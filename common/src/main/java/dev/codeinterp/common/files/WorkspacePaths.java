package dev.codeinterp.common.files;

import java.util.Optional;

/** Validates the keys of a request's {@code files}: absolute, normalised paths strictly under /workspace/. */
public final class WorkspacePaths {

    public static final String ROOT = "/workspace/";
    private static final int MAX_PATH_BYTES = 4096;

    private WorkspacePaths() {
    }

    /** Returns why the path is refused, or empty when it is acceptable. */
    public static Optional<String> problemWith(String path) {
        if (!path.startsWith(ROOT) || path.length() == ROOT.length()) {
            return Optional.of("must be an absolute path under /workspace/");
        }
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return Optional.of("is too long");
        }
        for (String segment : path.substring(ROOT.length()).split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("must not contain empty segments");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not contain '.' or '..' segments");
            }
            if (segment.chars().anyMatch(c -> c == 0)) {
                return Optional.of("must not contain NUL characters");
            }
        }
        return Optional.empty();
    }
}
