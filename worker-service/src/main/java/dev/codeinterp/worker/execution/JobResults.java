package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import java.time.Instant;
import java.util.Map;

/** Builds the results a worker records: a program that ran (its files already granted), or a job that failed. */
final class JobResults {

    private JobResults() {
    }

    /**
     * @param files    output path → content hash of the files stored for the chat (empty when none are kept)
     * @param metadata output path → the grant's limits, for the same files
     */
    static ExecutionResult completed(ExecutionJob job, AgentReply reply, Map<String, String> files,
            Map<String, FileMetadata> metadata, Instant startedAt, Instant finishedAt) {
        JobStatus status = Boolean.TRUE.equals(reply.timedOut()) ? JobStatus.TIMED_OUT : JobStatus.SUCCEEDED;
        return new ExecutionResult(ExecutionResult.SCHEMA_VERSION, job.jobId(), status, reply.stdout(),
                reply.stderr(), reply.exitCode(), files, metadata, null, startedAt, finishedAt);
    }

    static ExecutionResult failed(ExecutionJob job, String reason, Instant startedAt, Instant finishedAt) {
        return new ExecutionResult(ExecutionResult.SCHEMA_VERSION, job.jobId(), JobStatus.FAILED, "", "", -1,
                Map.of(), Map.of(), reason, startedAt, finishedAt);
    }
}
