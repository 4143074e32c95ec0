package dev.codeinterp.common.job;

import java.time.Instant;
import java.util.Map;

/**
 * The result message of a job. {@code status} is terminal. For {@link JobStatus#SUCCEEDED} and
 * {@link JobStatus#TIMED_OUT} the program ran and the output fields are set; for {@link JobStatus#FAILED} and
 * {@link JobStatus#EXPIRED} {@code failureReason} says why it did not run to the end.
 */
public record ExecutionResult(
        int schemaVersion,
        String jobId,
        JobStatus status,
        String stdout,
        String stderr,
        int exitCode,
        Map<String, String> files,
        Map<String, FileMetadata> filesMetadata,
        String failureReason,
        Instant startedAt,
        Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;

    public ExecutionResult {
        files = Map.copyOf(files);
        filesMetadata = Map.copyOf(filesMetadata);
    }

    public static ExecutionResult notRun(String jobId, JobStatus status, String reason, Instant at) {
        return new ExecutionResult(SCHEMA_VERSION, jobId, status, "", "", -1, Map.of(), Map.of(), reason, null, at);
    }

    /** Whether the user program ran (possibly to a non-zero exit or a timeout). */
    public boolean programRan() {
        return status == JobStatus.SUCCEEDED || status == JobStatus.TIMED_OUT;
    }
}
