package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import java.time.Duration;
import java.util.List;

/** Turns a job into the request its sandbox runs, with the worker's resource limits. */
final class JobRequests {

    private final AgentRequest.Limits limits;

    /** @param limits resource limits of every program; a null CPU time follows each job's wall timeout */
    JobRequests(AgentRequest.Limits limits) {
        this.limits = limits;
    }

    AgentRequest requestFor(ExecutionJob job, List<InputContent> inputs) {
        List<AgentRequest.FileEntry> files = inputs.stream()
                .map(input -> new AgentRequest.FileEntry(input.path(), input.size())).toList();
        return new AgentRequest(1, job.sourceCode(), job.env(), job.limits().timeout().toMillis(),
                job.limits().maxOutputBytes(), job.output().persistWorkspace(), files,
                limitsFor(job.limits().timeout()), job.output().liveOutput());
    }

    private AgentRequest.Limits limitsFor(Duration timeout) {
        if (limits.cpuSeconds() != null) {
            return limits;
        }
        long wholeSeconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return new AgentRequest.Limits(wholeSeconds, limits.memoryBytes(), limits.maxProcesses(), limits.openFiles(),
                limits.fileSizeBytes());
    }
}
