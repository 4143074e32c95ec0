package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.InputFile;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case of a worker: lease a sandbox session, run the job in it with its input files, store the new and changed
 * files, and record the result through the job lifecycle. A job cancelled while it runs has its sandbox killed within
 * {@link #CANCEL_CHECK_INTERVAL}. Once the job has ended, its admission slot is freed. Delivering the result is the
 * caller's part.
 */
public final class RunJob {

    private static final Logger log = LoggerFactory.getLogger(RunJob.class);
    /** How often a running job's record is read to see whether it was cancelled. */
    static final Duration CANCEL_CHECK_INTERVAL = Duration.ofMillis(250);

    private final SandboxPool pool;
    private final FileStore fileStore;
    private final FileDeposit deposit;
    private final OutputGrants grants;
    private final JobRequests requests;
    private final JobLifecycle lifecycle;
    private final JobStore jobs;
    private final InFlightSlots slots;
    private final ScheduledExecutorService watchdog;
    private final ScheduledExecutorService cancelChecks;
    private final Clock clock;
    private final RunSettings settings;

    /**
     * @param maxFileBytes largest output file accepted
     * @param resultGrace  host-side allowance beyond the program's timeout before the sandbox is killed
     * @param limits       resource limits of every program; a null CPU time follows each job's wall timeout
     */
    public record RunSettings(long maxFileBytes, Duration resultGrace, AgentRequest.Limits limits) {
    }

    public RunJob(SandboxPool pool, FileStore fileStore, GrantLedger grants, OrphanedObjects orphans,
            JobLifecycle lifecycle, JobStore jobs, InFlightSlots slots, ScheduledExecutorService watchdog,
            ScheduledExecutorService cancelChecks, Clock clock, RunSettings settings) {
        this.pool = pool;
        this.fileStore = fileStore;
        this.deposit = new FileDeposit(fileStore, grants, orphans, clock);
        this.grants = new OutputGrants(deposit);
        this.requests = new JobRequests(settings.limits());
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.slots = slots;
        this.watchdog = watchdog;
        this.cancelChecks = cancelChecks;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Runs the job, or expires it when it is past its start-by time. Empty when there is nothing to deliver: a duplicate
     * delivery of a job that has already ended. The outcome holds the job's sandbox until it is closed.
     */
    public Optional<JobOutcome> run(ExecutionJob job) {
        try {
            return runOrExpire(job);
        } finally {
            slots.free(job.chatId(), job.jobId());
        }
    }

    private Optional<JobOutcome> runOrExpire(ExecutionJob job) {
        Instant now = clock.instant();
        if (now.isAfter(job.startBy())) {
            log.warn("Job {} expired in the queue", job.jobId());
            String reason = "The job waited in the queue past its deadline";
            TransitionOutcome expired = lifecycle.expire(job.jobId(), reason, now);
            return expired == TransitionOutcome.REFUSED ? Optional.empty()
                    : Optional.of(JobOutcome.withoutSandbox(
                            ExecutionResult.notRun(job.jobId(), JobStatus.EXPIRED, reason, now),
                            expired == TransitionOutcome.APPLIED));
        }
        Duration hostLimit = job.limits().timeout().plus(settings.resultGrace());
        if (lifecycle.markRunning(job.jobId(), now, now.plus(hostLimit)) == TransitionOutcome.REFUSED) {
            log.info("Job {} has already ended; ignoring the duplicate delivery", job.jobId());
            return Optional.empty();
        }
        SandboxSession session;
        try {
            session = pool.lease();
        } catch (SandboxFailure e) {
            log.error("Job {} got no sandbox: {}", job.jobId(), e.getMessage());
            return Optional.of(record(JobResults.failed(job, "No sandbox available: " + e.getMessage(), now,
                    clock.instant()), () -> { }));
        }
        try {
            return Optional.of(record(executeIn(session, job, now, hostLimit), session::close));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private ExecutionResult executeIn(SandboxSession session, ExecutionJob job, Instant startedAt,
            Duration hostLimit) {
        ScheduledFuture<?> deadline = watchdog.schedule(session::kill, hostLimit.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> cancelWatch = cancelChecks.scheduleWithFixedDelay(() -> killIfCancelled(job, session),
                CANCEL_CHECK_INTERVAL.toMillis(), CANCEL_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        try {
            OutputCollector outputs = new OutputCollector(deposit, settings.maxFileBytes());
            List<InputContent> inputs = inputsOf(job);
            AgentReply reply = session.run(requests.requestFor(job, inputs), inputs, outputs);
            log.debug("Job {}: queued {} ms, ran {} ms in the sandbox, {} ms on the worker", job.jobId(),
                    Duration.between(job.submittedAt(), startedAt).toMillis(), reply.durationMs(),
                    Duration.between(startedAt, clock.instant()).toMillis());
            return completed(job, reply, outputs.files(), startedAt);
        } catch (SandboxFailure e) {
            log.warn("Job {} failed: {}", job.jobId(), e.getMessage());
            return JobResults.failed(job, "Sandbox failed: " + e.getMessage(), startedAt, clock.instant());
        } catch (IOException e) {
            log.error("Job {} failed on file storage", job.jobId(), e);
            return JobResults.failed(job, "File storage failed: " + e.getMessage(), startedAt, clock.instant());
        } finally {
            deadline.cancel(false);
            cancelWatch.cancel(false);
        }
    }

    private void killIfCancelled(ExecutionJob job, SandboxSession session) {
        try {
            if (jobs.find(job.jobId()).map(JobRecord::status).orElse(null) == JobStatus.CANCELLED) {
                log.info("Job {} was cancelled; killing its sandbox", job.jobId());
                session.kill();
            }
        } catch (RuntimeException e) {
            log.debug("Job {}: could not check for a cancellation: {}", job.jobId(), e.toString());
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

    private ExecutionResult completed(ExecutionJob job, AgentReply reply, Map<String, String> files,
            Instant startedAt) {
        Instant finishedAt = clock.instant();
        if (!job.output().persistWorkspace()) {
            return JobResults.completed(job, reply, Map.of(), Map.of(), startedAt, finishedAt);
        }
        Map<String, FileMetadata> metadata = grants.grant(job, files, finishedAt);
        return JobResults.completed(job, reply, files, metadata, startedAt, finishedAt);
    }

    /** Stores the result; when the job was ended meanwhile (e.g. by the janitor), the stored outcome stands. */
    private JobOutcome record(ExecutionResult result, Runnable releaseSandbox) {
        TransitionOutcome finished = lifecycle.finish(result, result.finishedAt());
        if (finished != TransitionOutcome.REFUSED) {
            return new JobOutcome(result, finished == TransitionOutcome.APPLIED, releaseSandbox);
        }
        log.warn("Job {} had already ended; keeping its recorded outcome", result.jobId());
        ExecutionResult stored = jobs.find(result.jobId()).map(JobRecord::result).orElse(null);
        return stored != null ? new JobOutcome(stored, true, releaseSandbox)
                : new JobOutcome(result, false, releaseSandbox);
    }
}
