package dev.codeinterp.worker.sandbox.agent;

import java.util.List;
import java.util.Map;

/**
 * The header of a job sent to the in-sandbox agent (executor-image/agent/agent.py), serialised in snake_case; the
 * raw bytes of {@code files} follow it in order.
 *
 * @param packagePaths directories (as the sandbox sees them) of the packages installed for this job, which the agent
 *                     puts on the program's {@code sys.path} after the installation's own
 * @param notices      lines the agent writes to the program's stderr before it starts (e.g. a failed install)
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
        boolean streamOutput,
        List<String> packagePaths,
        List<String> notices) {

    public AgentRequest {
        packagePaths = packagePaths == null ? List.of() : List.copyOf(packagePaths);
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    /** A request without installed packages or notices. */
    public AgentRequest(int v, String sourceCode, Map<String, String> env, long timeoutMs, int maxOutputBytes,
            boolean collectFiles, List<FileEntry> files, Limits limits, boolean streamOutput) {
        this(v, sourceCode, env, timeoutMs, maxOutputBytes, collectFiles, files, limits, streamOutput, List.of(),
                List.of());
    }

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
