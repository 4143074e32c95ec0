package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import java.time.Duration;
import java.util.List;

/** Turns a job into the request its sandbox runs, with the worker's resource limits. */
final class JobRequests {

    /** The least time a program gets, however long its packages took to install. */
    static final Duration LEAST_PROGRAM_TIME = Duration.ofSeconds(1);

    private final AgentRequest.Limits limits;

    /** @param limits resource limits of every program; a null CPU time follows each job's wall timeout */
    JobRequests(AgentRequest.Limits limits) {
        this.limits = limits;
    }

    AgentRequest requestFor(ExecutionJob job, List<InputContent> inputs) {
        return requestFor(job, inputs, JobPackages.Prepared.NONE, Duration.ZERO);
    }

    /**
     * With the packages installed for the job; the program's timeout is what is left of the job's after the whole
     * seconds {@code installing} took (at least {@link #LEAST_PROGRAM_TIME}), so that the job still ends by its
     * deadline, while finding packages already installed never shortens it.
     */
    AgentRequest requestFor(ExecutionJob job, List<InputContent> inputs, JobPackages.Prepared packages,
            Duration installing) {
        List<AgentRequest.FileEntry> files = inputs.stream()
                .map(input -> new AgentRequest.FileEntry(input.path(), input.size())).toList();
        Duration timeout = job.limits().timeout();
        long programMs = Math.max(Math.min(LEAST_PROGRAM_TIME.toMillis(), timeout.toMillis()),
                timeout.minusSeconds(installing.toSeconds()).toMillis());
        return new AgentRequest(1, job.sourceCode(), job.env(), programMs, job.limits().maxOutputBytes(),
                job.output().persistWorkspace(), files, limitsFor(timeout), job.output().liveOutput(),
                packages.sandboxPaths(), packages.notices());
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
