package dev.codeinterp.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-data builder for {@link ExecutionJob}: {@code print(21 * 2)} with default limits unless told otherwise. */
public final class ExecutionJobBuilder {

    private String jobId = "job-1";
    private String chatId = "chat-1";
    private String sourceCode = "print(21 * 2)";
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<InputFile> inputFiles = new ArrayList<>();
    private OutputPolicy output = new OutputPolicy(true, 0, null);
    private ExecutionLimits limits = new ExecutionLimits(Duration.ofSeconds(60), 1024 * 1024);
    private Instant submittedAt = Instant.parse("2030-01-01T12:00:00Z");
    private Instant startBy = Instant.parse("2030-01-01T12:00:30Z");

    private ExecutionJobBuilder() {
    }

    public static ExecutionJobBuilder anExecutionJob() {
        return new ExecutionJobBuilder();
    }

    public ExecutionJobBuilder withJobId(String jobId) {
        this.jobId = jobId;
        return this;
    }

    public ExecutionJobBuilder withChatId(String chatId) {
        this.chatId = chatId;
        return this;
    }

    public ExecutionJobBuilder withSourceCode(String sourceCode) {
        this.sourceCode = sourceCode;
        return this;
    }

    public ExecutionJobBuilder withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ExecutionJobBuilder withInputFile(String path, String fileHash) {
        inputFiles.add(new InputFile(path, fileHash));
        return this;
    }

    public ExecutionJobBuilder withOutput(OutputPolicy output) {
        this.output = output;
        return this;
    }

    public ExecutionJobBuilder withLimits(ExecutionLimits limits) {
        this.limits = limits;
        return this;
    }

    public ExecutionJobBuilder submittedAt(Instant submittedAt) {
        this.submittedAt = submittedAt;
        return this;
    }

    public ExecutionJobBuilder startBy(Instant startBy) {
        this.startBy = startBy;
        return this;
    }

    public ExecutionJob build() {
        return new ExecutionJob(ExecutionJob.SCHEMA_VERSION, jobId, chatId, sourceCode, env, inputFiles, output,
                limits, submittedAt, startBy);
    }
}
