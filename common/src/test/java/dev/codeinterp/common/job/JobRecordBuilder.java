package dev.codeinterp.common.job;

import java.time.Instant;
import java.util.UUID;

/** Test-data builder for {@link JobRecord}: a queued job with a fresh id unless told otherwise. */
public final class JobRecordBuilder {

    private String jobId = "job-" + UUID.randomUUID();
    private String chatId = "chat-1";
    private JobStatus status = JobStatus.QUEUED;
    private Instant submittedAt = Instant.parse("2030-01-01T12:00:00.123Z");
    private Instant startBy;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant runDeadline;
    private ExecutionResult result;

    private JobRecordBuilder() {
    }

    public static JobRecordBuilder aJob() {
        return new JobRecordBuilder();
    }

    public JobRecordBuilder withJobId(String jobId) {
        this.jobId = jobId;
        return this;
    }

    public JobRecordBuilder withChatId(String chatId) {
        this.chatId = chatId;
        return this;
    }

    public JobRecordBuilder withStatus(JobStatus status) {
        this.status = status;
        return this;
    }

    public JobRecordBuilder startBy(Instant startBy) {
        this.startBy = startBy;
        return this;
    }

    public JobRecordBuilder submittedAt(Instant submittedAt) {
        this.submittedAt = submittedAt;
        return this;
    }

    public JobRecordBuilder startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public JobRecordBuilder finishedAt(Instant finishedAt) {
        this.finishedAt = finishedAt;
        return this;
    }

    public JobRecordBuilder withRunDeadline(Instant runDeadline) {
        this.runDeadline = runDeadline;
        return this;
    }

    public JobRecordBuilder withResult(ExecutionResult result) {
        this.result = result;
        return this;
    }

    public JobRecord build() {
        return new JobRecord(jobId, chatId, status, submittedAt, startBy, startedAt, finishedAt, runDeadline, result);
    }
}
