package dev.codeinterp.api.execution;

import java.time.Duration;
import java.util.Map;

/**
 * A validated {@code /v1/execute} request with every default applied.
 *
 * @param files        input files: absolute /workspace path → file hash
 * @param expiresAfter how long output grants live; null means never
 */
public record ExecuteRequest(
        String chatId,
        String sourceCode,
        Map<String, String> files,
        Map<String, String> env,
        boolean persistentWorkspace,
        int maxDownloads,
        Duration expiresAfter,
        Duration timeout) {
}
