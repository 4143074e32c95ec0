package dev.codeinterp.common.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request message: run this code with these files, environment and limits.
 *
 * @param startBy the instant after which nobody waits for the result any more; a worker does not start the job
 *                after it, and the job expires instead
 */
public record ExecutionJob(
        int schemaVersion,
        String jobId,
        String chatId,
        String sourceCode,
        Map<String, String> env,
        List<InputFile> inputFiles,
        OutputPolicy output,
        ExecutionLimits limits,
        Instant submittedAt,
        Instant startBy) {

    public static final int SCHEMA_VERSION = 1;

    public ExecutionJob {
        env = Map.copyOf(env);
        inputFiles = List.copyOf(inputFiles);
    }
}
