package dev.codeinterp.worker.sandbox.agent;

import java.util.List;
import java.util.Map;

/**
 * The header of a job sent to the in-sandbox agent (executor-image/agent/agent.py), serialised in snake_case; the
 * raw bytes of {@code files} follow it in order.
 */
public record AgentRequest(
        int v,
        String sourceCode,
        Map<String, String> env,
        long timeoutMs,
        int maxOutputBytes,
        boolean collectFiles,
        List<FileEntry> files,
        Limits limits,
        boolean streamOutput) {

    /** A request without live output. */
    public AgentRequest(int v, String sourceCode, Map<String, String> env, long timeoutMs, int maxOutputBytes,
            boolean collectFiles, List<FileEntry> files, Limits limits) {
        this(v, sourceCode, env, timeoutMs, maxOutputBytes, collectFiles, files, limits, false);
    }

    public record FileEntry(String path, long size) {
    }

    /** Per-process resource limits the agent applies to the user program; null entries are not set. */
    public record Limits(Long cpuSeconds, Long memoryBytes, Long maxProcesses, Long openFiles, Long fileSizeBytes) {

        public static Limits none() {
            return new Limits(null, null, null, null, null);
        }
    }
}
