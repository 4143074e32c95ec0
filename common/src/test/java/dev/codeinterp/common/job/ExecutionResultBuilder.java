package dev.codeinterp.common.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test-data builder for {@link ExecutionResult}: a successful run printing {@code 42} unless told otherwise. */
public final class ExecutionResultBuilder {

    private String jobId = "job-1";
    private JobStatus status = JobStatus.SUCCEEDED;
    private String stdout = "42\n";
    private String stderr = "";
    private int exitCode;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, FileMetadata> filesMetadata = new LinkedHashMap<>();
    private String failureReason;
    private Instant startedAt = Instant.parse("2030-01-01T12:00:01Z");
    private Instant finishedAt = Instant.parse("2030-01-01T12:00:02Z");

    private ExecutionResultBuilder() {
    }

    public static ExecutionResultBuilder aResult() {
        return new ExecutionResultBuilder();
    }

    public ExecutionResultBuilder forJob(String jobId) {
        this.jobId = jobId;
        return this;
    }

    public ExecutionResultBuilder withStatus(JobStatus status) {
        this.status = status;
        return this;
    }

    public ExecutionResultBuilder withStdout(String stdout) {
        this.stdout = stdout;
        return this;
    }

    public ExecutionResultBuilder withStderr(String stderr) {
        this.stderr = stderr;
        return this;
    }

    public ExecutionResultBuilder withExitCode(int exitCode) {
        this.exitCode = exitCode;
        return this;
    }

    public ExecutionResultBuilder withFile(String path, String fileHash, FileMetadata metadata) {
        files.put(path, fileHash);
        filesMetadata.put(path, metadata);
        return this;
    }

    public ExecutionResultBuilder withFailureReason(String failureReason) {
        this.failureReason = failureReason;
        return this;
    }

    public ExecutionResultBuilder startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public ExecutionResultBuilder finishedAt(Instant finishedAt) {
        this.finishedAt = finishedAt;
        return this;
    }

    public ExecutionResult build() {
        return new ExecutionResult(ExecutionResult.SCHEMA_VERSION, jobId, status, stdout, stderr, exitCode, files,
                filesMetadata, failureReason, startedAt, finishedAt);
    }
}
