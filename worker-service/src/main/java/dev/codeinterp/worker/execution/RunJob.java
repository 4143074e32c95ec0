package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.InputFile;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import dev.codeinterp.worker.sandbox.Sandbox;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case of a worker: lease a sandbox, copy the inputs in, run, copy new and changed files out to the file
 * store with grants for the chat, record the result through the job lifecycle, and deliver it.
 */
public final class RunJob {

    private static final Logger log = LoggerFactory.getLogger(RunJob.class);

    private final SandboxPool pool;
    private final AgentClient agent;
    private final FileStore fileStore;
    private final GrantLedger grants;
    private final OrphanedObjects orphans;
    private final JobLifecycle lifecycle;
    private final JobStore jobs;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;
    private final RunSettings settings;
    private final ResultPublisher publisher;

    /**
     * @param maxFileBytes largest output file accepted
     * @param resultGrace  host-side allowance beyond the program's timeout before the sandbox is killed
     * @param limits       resource limits of every program; a null CPU time follows each job's wall timeout
     */
    public record RunSettings(long maxFileBytes, Duration resultGrace, AgentRequest.Limits limits) {
    }

    public RunJob(SandboxPool pool, AgentClient agent, FileStore fileStore, GrantLedger grants,
            OrphanedObjects orphans, JobLifecycle lifecycle, JobStore jobs, ScheduledExecutorService watchdog,
            Clock clock, RunSettings settings, ResultPublisher publisher) {
        this.pool = pool;
        this.agent = agent;
        this.fileStore = fileStore;
        this.grants = grants;
        this.orphans = orphans;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.watchdog = watchdog;
        this.clock = clock;
        this.settings = settings;
        this.publisher = publisher;
    }

    /**
     * Runs the job and delivers its result to {@code replyTo} (null when nobody waits); a duplicate delivery of a job
     * that has already ended is ignored. The sandbox is released only after the result is out, so starting its
     * replacement does not compete for the CPU with delivering the result.
     */
    public void run(ExecutionJob job, ReplyAddress replyTo) {
        Instant now = clock.instant();
        if (now.isAfter(job.startBy())) {
            log.warn("Job {} expired in the queue", job.jobId());
            String reason = "The job waited in the queue past its deadline";
            TransitionOutcome expired = lifecycle.expire(job.jobId(), reason, now);
            if (expired != TransitionOutcome.REFUSED) {
                deliver(new JobOutcome(ExecutionResult.notRun(job.jobId(), JobStatus.EXPIRED, reason, now),
                        expired == TransitionOutcome.APPLIED), replyTo);
            }
            return;
        }
        Duration hostLimit = job.limits().timeout().plus(settings.resultGrace());
        if (lifecycle.markRunning(job.jobId(), now, now.plus(hostLimit)) == TransitionOutcome.REFUSED) {
            log.info("Job {} has already ended; ignoring the duplicate delivery", job.jobId());
            return;
        }
        ExecutionResult noSandbox;
        try (Sandbox sandbox = pool.lease()) {
            deliver(record(executeIn(sandbox, job, now, hostLimit)), replyTo);
            return;
        } catch (SandboxFailure e) {
            log.error("Job {} got no sandbox: {}", job.jobId(), e.getMessage());
            noSandbox = failed(job, "No sandbox available: " + e.getMessage(), now);
        }
        deliver(record(noSandbox), replyTo);
    }

    private void deliver(JobOutcome outcome, ReplyAddress replyTo) {
        if (replyTo != null) {
            publisher.publish(outcome.result(), outcome.storedInJobStore(), replyTo.topic(), replyTo.correlationId());
        }
    }

    private ExecutionResult executeIn(Sandbox sandbox, ExecutionJob job, Instant startedAt, Duration hostLimit) {
        ScheduledFuture<?> deadline = watchdog.schedule(sandbox::kill, hostLimit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            OutputCollector outputs = new OutputCollector(fileStore, orphans, clock, settings.maxFileBytes());
            List<InputContent> inputs = inputsOf(job);
            AgentReply reply = agent.exchange(sandbox, requestFor(job, inputs), inputs, outputs);
            log.debug("Job {}: queued {} ms, ran {} ms in the sandbox, {} ms on the worker", job.jobId(),
                    Duration.between(job.submittedAt(), startedAt).toMillis(), reply.durationMs(),
                    Duration.between(startedAt, clock.instant()).toMillis());
            return completed(job, reply, outputs.files(), startedAt);
        } catch (SandboxFailure e) {
            log.warn("Job {} failed: {}", job.jobId(), e.getMessage());
            return failed(job, "Sandbox failed: " + e.getMessage(), startedAt);
        } catch (IOException e) {
            log.error("Job {} failed on file storage", job.jobId(), e);
            return failed(job, "File storage failed: " + e.getMessage(), startedAt);
        } finally {
            deadline.cancel(false);
        }
    }

    private List<InputContent> inputsOf(ExecutionJob job) throws IOException, SandboxFailure {
        List<InputContent> inputs = new ArrayList<>();
        for (InputFile file : job.inputFiles()) {
            long size = fileStore.size(file.fileHash());
            if (size < 0) {
                throw new SandboxFailure("Input file " + file.path() + " is no longer stored");
            }
            inputs.add(new StoredInput(file.path(), file.fileHash(), size, fileStore));
        }
        return inputs;
    }

    private AgentRequest requestFor(ExecutionJob job, List<InputContent> inputs) {
        List<AgentRequest.FileEntry> files = inputs.stream()
                .map(input -> new AgentRequest.FileEntry(input.path(), input.size())).toList();
        return new AgentRequest(1, job.sourceCode(), job.env(), job.limits().timeout().toMillis(),
                job.limits().maxOutputBytes(), job.output().persistWorkspace(), files,
                limitsFor(job.limits().timeout()));
    }

    private AgentRequest.Limits limitsFor(Duration timeout) {
        AgentRequest.Limits limits = settings.limits();
        if (limits.cpuSeconds() != null) {
            return limits;
        }
        long wholeSeconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return new AgentRequest.Limits(wholeSeconds, limits.memoryBytes(), limits.maxProcesses(), limits.openFiles(),
                limits.fileSizeBytes());
    }

    private ExecutionResult completed(ExecutionJob job, AgentReply reply, Map<String, String> files,
            Instant startedAt) {
        Instant finishedAt = clock.instant();
        Map<String, FileMetadata> metadata = new LinkedHashMap<>();
        if (job.output().persistWorkspace()) {
            GrantLimits limits = grantLimits(job, finishedAt);
            files.forEach((path, hash) -> {
                grants.register(new GrantKey(job.chatId(), hash, path.substring(path.lastIndexOf('/') + 1)), limits);
                metadata.put(path, new FileMetadata(limits.remainingDownloads(), limits.expiresAt()));
            });
        }
        JobStatus status = Boolean.TRUE.equals(reply.timedOut()) ? JobStatus.TIMED_OUT : JobStatus.SUCCEEDED;
        return new ExecutionResult(ExecutionResult.SCHEMA_VERSION, job.jobId(), status, reply.stdout(),
                reply.stderr(), reply.exitCode(), job.output().persistWorkspace() ? files : Map.of(), metadata, null,
                startedAt, finishedAt);
    }

    private static GrantLimits grantLimits(ExecutionJob job, Instant finishedAt) {
        Duration expiresAfter = job.output().expiresAfter();
        Instant expiresAt = expiresAfter == null ? null
                : finishedAt.plus(expiresAfter).truncatedTo(ChronoUnit.SECONDS);
        return GrantLimits.of(job.output().maxDownloads(), expiresAt);
    }

    private ExecutionResult failed(ExecutionJob job, String reason, Instant startedAt) {
        return new ExecutionResult(ExecutionResult.SCHEMA_VERSION, job.jobId(), JobStatus.FAILED, "", "", -1,
                Map.of(), Map.of(), reason, startedAt, clock.instant());
    }

    /** Stores the result; when the job was ended meanwhile (e.g. by the janitor), the stored outcome stands. */
    private JobOutcome record(ExecutionResult result) {
        TransitionOutcome finished = lifecycle.finish(result, result.finishedAt());
        if (finished != TransitionOutcome.REFUSED) {
            return new JobOutcome(result, finished == TransitionOutcome.APPLIED);
        }
        log.warn("Job {} had already ended; keeping its recorded outcome", result.jobId());
        return jobs.find(result.jobId()).map(JobRecord::result).map(stored -> new JobOutcome(stored, true))
                .orElse(new JobOutcome(result, false));
    }
}
