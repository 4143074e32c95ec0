package dev.codeinterp.worker.sandbox.agent;

import java.util.List;

/**
 * The header of the agent's reply; the raw bytes of {@code files} follow it in order. {@code error} is set instead of
 * the rest when the agent refused the request.
 */
public record AgentReply(
        int v,
        String stdout,
        String stderr,
        Integer exitCode,
        Boolean timedOut,
        Long durationMs,
        List<OutputEntry> files,
        String error) {

    /** A file the program created or changed. */
    public record OutputEntry(String path, long size, String sha256) {
    }
}
