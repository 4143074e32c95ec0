package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.AttemptStart;
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
import dev.codeinterp.common.job.LeaseState;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.retry.BoundedRetry;
import dev.codeinterp.common.retry.RetriesExhaustedException;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import dev.codeinterp.worker.sandbox.agent.LiveChunks;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case of a worker: start an attempt at the job, lease a sandbox session, run the job in it with its input
 * files (writing its output to the job's {@link LiveOutput} as it runs, when the job asks for that), store the new and
 * changed files, and record the result through the job lifecycle. Delivering the result is the caller's part.
 *
 * <p>Exactly one effective run per job: each attempt holds a lease in the job's record, renewed every
 * {@link #WATCH_INTERVAL} while it runs. A job redelivered while its attempt's lease holds waits for that attempt; once
 * the lease lapses (the worker stopped), the next attempt takes over, whatever the job's start-by time, up to
 * {@code maxAttempts}. Only the current attempt grants files and records the result: a superseded attempt, or one
 * whose job was cancelled, has its sandbox killed at the next renewal and records nothing. Once the job has ended,
 * its admission slot is freed.
 *
 * <p>Every call to the job store on the job's path (starting the attempt, granting files, recording the result) goes
 * through the store retry, a {@link BoundedRetry}: a store that is down for a few seconds only delays the job. When
 * it stays down longer, {@link #run} throws {@link RetriesExhaustedException} without recording anything and without
 * freeing the job's slot: the job is handed back, for its message to be taken again once the store is back.
 */
public final class RunJob {

    private static final Logger log = LoggerFactory.getLogger(RunJob.class);
    /** How often a running attempt renews its lease, and so learns whether its job was cancelled or taken over. */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(500);
    /** How long an attempt's lease lasts without renewal: a worker silent that long is taken for stopped. */
    static final Duration LEASE = Duration.ofSeconds(10);

    private final SandboxPool pool;
    private final ExecutionMetrics metrics;
    private final JobPackages packages;
    private final FileStore fileStore;
    private final FileDeposit deposit;
    private final OutputGrants grants;
    private final JobRequests requests;
    private final JobLifecycle lifecycle;
    private final JobStore jobs;
    private final InFlightSlots slots;
    private final LiveOutput liveOutput;
    private final ScheduledExecutorService watchdog;
    private final ScheduledExecutorService leaseRenewals;
    private final Clock clock;
    private final RunSettings settings;
    private final BoundedRetry storeRetry;
    /** The sessions of the jobs running now, so that a shutdown can hand them back. */
    private final Set<SandboxSession> running = ConcurrentHashMap.newKeySet();
    private final Set<String> handedBack = ConcurrentHashMap.newKeySet();
    private volatile boolean handingBack;

    /**
     * @param maxFileBytes largest output file accepted
     * @param resultGrace  host-side allowance beyond the program's timeout before the sandbox is killed
     * @param limits       resource limits of every program; a null CPU time follows each job's wall timeout
     * @param maxAttempts  attempts a job gets when its worker stops while running it ({@code APP_JOB_MAX_ATTEMPTS})
     */
    public record RunSettings(long maxFileBytes, Duration resultGrace, AgentRequest.Limits limits, int maxAttempts) {
    }

    public RunJob(SandboxPool pool, FileStore fileStore, GrantLedger grants, OrphanedObjects orphans,
            JobLifecycle lifecycle, JobStore jobs, InFlightSlots slots, LiveOutput liveOutput,
            ScheduledExecutorService watchdog, ScheduledExecutorService leaseRenewals, Clock clock,
            RunSettings settings, BoundedRetry storeRetry) {
        this(pool, fileStore, grants, orphans, lifecycle, jobs, slots, liveOutput, watchdog, leaseRenewals, clock,
                settings, storeRetry, ExecutionMetrics.NONE);
    }

    /** @param metrics told each job's lease, queue wait and run time */
    public RunJob(SandboxPool pool, FileStore fileStore, GrantLedger grants, OrphanedObjects orphans,
            JobLifecycle lifecycle, JobStore jobs, InFlightSlots slots, LiveOutput liveOutput,
            ScheduledExecutorService watchdog, ScheduledExecutorService leaseRenewals, Clock clock,
            RunSettings settings, BoundedRetry storeRetry, ExecutionMetrics metrics) {
        this(pool, fileStore, grants, orphans, lifecycle, jobs, slots, liveOutput, watchdog, leaseRenewals, clock,
                settings, storeRetry, metrics, JobPackages.NONE);
    }

    /**
     * @param packages installs what each program imports and its sandbox lacks, before it runs; the time that takes
     *                 counts against the job's timeout
     */
    public RunJob(SandboxPool pool, FileStore fileStore, GrantLedger grants, OrphanedObjects orphans,
            JobLifecycle lifecycle, JobStore jobs, InFlightSlots slots, LiveOutput liveOutput,
            ScheduledExecutorService watchdog, ScheduledExecutorService leaseRenewals, Clock clock,
            RunSettings settings, BoundedRetry storeRetry, ExecutionMetrics metrics, JobPackages packages) {
        this.metrics = metrics;
        this.packages = packages;
        this.pool = pool;
        this.fileStore = fileStore;
        this.deposit = new FileDeposit(fileStore, grants, orphans, clock);
        this.grants = new OutputGrants(deposit);
        this.requests = new JobRequests(settings.limits());
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.slots = slots;
        this.liveOutput = liveOutput;
        this.watchdog = watchdog;
        this.leaseRenewals = leaseRenewals;
        this.clock = clock;
        this.settings = settings;
        this.storeRetry = storeRetry;
    }

    /**
     * Runs the job, or expires it when it is past its start-by time. Empty when there is nothing to deliver: a duplicate
     * delivery of a job that has already ended. The outcome holds the job's sandbox until it is closed.
     *
     * @throws RetriesExhaustedException when the job store stayed unreachable past the store retry: nothing was
     *     recorded, and the job's message must be taken again (not acknowledged)
     */
    public Optional<JobOutcome> run(ExecutionJob job) {
        try {
            return runOrExpire(job);
        } catch (RetriesExhaustedException e) {
            log.warn("Job {} handed back: the job store is unreachable ({})", job.jobId(), e.getMessage());
            handedBack.add(job.jobId()); // its slot stays taken for the run that takes the job again
            throw e;
        } finally {
            if (!handedBack.remove(job.jobId())) {
                freeSlot(job);
            }
        }
    }

    /** A slot nobody frees lapses by itself: a store still down here only delays the chat's next job. */
    private void freeSlot(ExecutionJob job) {
        try {
            storeRetry.run("free the slot of job " + job.jobId(), () -> slots.free(job.chatId(), job.jobId()));
        } catch (RuntimeException e) {
            log.warn("Job {}: its slot was not freed and lapses by itself: {}", job.jobId(), e.toString());
        }
    }

    /**
     * Stops the jobs running now without recording anything: their sandboxes are killed, their leases lapse, and the
     * next worker that takes their (uncommitted) messages runs them again. For a shutdown past its grace period.
     */
    public void handBack() {
        handingBack = true;
        running.forEach(SandboxSession::kill);
    }

    /** Whether jobs are being handed back: from then on no job's message may be acknowledged. */
    public boolean isHandingBack() {
        return handingBack;
    }

    private Optional<JobOutcome> runOrExpire(ExecutionJob job) {
        Duration hostLimit = job.limits().timeout().plus(settings.resultGrace());
        boolean waited = false;
        while (true) {
            Instant now = clock.instant();
            AttemptStart start = storeRetry.call("start an attempt at job " + job.jobId(),
                    () -> lifecycle.startAttempt(job.jobId(), now, job.startBy(), now.plus(LEASE),
                            now.plus(hostLimit), settings.maxAttempts()));
            switch (start.kind()) {
                case STARTED -> {
                    return Optional.ofNullable(runAttempt(job, start.attempt(), now, hostLimit));
                }
                case UNKNOWN_JOB -> {
                    // no record (it has gone): run unfenced, unless the caller has surely given up
                    return now.isAfter(job.startBy())
                            ? notRun(job, JobStatus.EXPIRED, "The job waited in the queue past its deadline", now)
                            : Optional.ofNullable(runAttempt(job, 0, now, hostLimit));
                }
                case ENDED -> {
                    return recordedEnd(job);
                }
                case EXPIRED -> {
                    log.warn("Job {} expired in the queue", job.jobId());
                    return notRun(job, JobStatus.EXPIRED, "The job waited in the queue past its deadline", now);
                }
                case EXHAUSTED -> {
                    log.error("Job {}: its worker stopped on all {} attempts", job.jobId(), start.attempt());
                    return notRun(job, JobStatus.FAILED, "The job's worker stopped during each of its "
                            + start.attempt() + " attempts", now);
                }
                case BUSY -> {
                    if (!waited) {
                        log.info("Job {} runs as attempt {} elsewhere; waiting for it to end or its lease to lapse",
                                job.jobId(), start.attempt());
                        waited = true;
                    }
                    if (handingBack || !pause()) {
                        handedBack.add(job.jobId()); // still running elsewhere: its slot stays taken
                        return Optional.empty();
                    }
                }
            }
        }
    }

    private Optional<JobOutcome> notRun(ExecutionJob job, JobStatus status, String reason, Instant now) {
        ExecutionResult result = ExecutionResult.notRun(job.jobId(), status, reason, now);
        TransitionOutcome recorded = storeRetry.call("record that job " + job.jobId() + " did not run",
                () -> lifecycle.finish(result, now));
        return recorded == TransitionOutcome.REFUSED ? Optional.empty()
                : Optional.of(JobOutcome.withoutSandbox(result, recorded == TransitionOutcome.APPLIED));
    }

    /**
     * A job delivered again after it ended: its recorded result is sent again, since its caller may not have had it
     * (the worker that recorded it, or the janitor that ended it, sent none). A caller that had it ignores a second.
     */
    private Optional<JobOutcome> recordedEnd(ExecutionJob job) {
        Optional<ExecutionResult> recorded = storeRetry.call("read job " + job.jobId(), () -> jobs.find(job.jobId()))
                .map(JobRecord::result);
        log.info("Job {} has already ended; {}", job.jobId(), recorded.isPresent()
                ? "sending its recorded result again" : "it has no result to send");
        return recorded.map(result -> JobOutcome.withoutSandbox(result, true));
    }

    /** Waits one {@link #WATCH_INTERVAL} before asking again; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(WATCH_INTERVAL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs attempt {@code attempt} (0: the job has no record, so nothing fences it); null when superseded. */
    private JobOutcome runAttempt(ExecutionJob job, int attempt, Instant startedAt, Duration hostLimit) {
        SandboxSession session;
        try {
            boolean warm = pool.readyCount() > 0;
            long leaseStart = System.nanoTime();
            session = pool.lease();
            metrics.leased(Duration.ofNanos(System.nanoTime() - leaseStart), warm);
            metrics.queued(Duration.between(job.submittedAt(), startedAt));
        } catch (SandboxFailure e) {
            log.error("Job {} got no sandbox: {}", job.jobId(), e.getMessage());
            return record(JobResults.failed(job, "No sandbox available: " + e.getMessage(), startedAt,
                    clock.instant()), attempt, () -> { });
        }
        running.add(session);
        try {
            if (handingBack) {
                session.kill();
            }
            return record(executeIn(session, job, attempt, startedAt, hostLimit), attempt, session::close);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        } finally {
            running.remove(session);
        }
    }

    private ExecutionResult executeIn(SandboxSession session, ExecutionJob job, int attempt, Instant startedAt,
            Duration hostLimit) {
        ScheduledFuture<?> deadline = watchdog.schedule(session::kill, hostLimit.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> renewals = attempt == 0 ? null : leaseRenewals.scheduleWithFixedDelay(
                () -> renewOrKill(job, attempt, session), WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            OutputCollector outputs = new OutputCollector(deposit, settings.maxFileBytes());
            List<InputContent> inputs = inputsOf(job);
            long preparing = System.nanoTime();
            JobPackages.Prepared prepared = packages.prepare(job.sourceCode(),
                    inputs.stream().map(InputContent::path).toList(), job.limits().timeout());
            Duration installing = Duration.ofNanos(System.nanoTime() - preparing);
            AgentReply reply = session.run(requests.requestFor(job, inputs, prepared, installing), inputs, outputs,
                    job.output().liveOutput() ? new LiveOutputWriter(liveOutput, job.jobId(), attempt)
                            : LiveChunks.NONE);
            // Before anything is recorded: scripts/bench-faults.sh counts these lines to find programs run twice.
            log.info("Job {}: attempt {} ran to its end in the sandbox (exit code {}); queued {} ms, ran {} ms in the "
                    + "sandbox, {} ms on the worker", job.jobId(), attempt, reply.exitCode(),
                    Duration.between(job.submittedAt(), startedAt).toMillis(), reply.durationMs(),
                    Duration.between(startedAt, clock.instant()).toMillis());
            metrics.ran(Duration.ofMillis(reply.durationMs()));
            return completed(job, attempt, reply, outputs.files(), startedAt);
        } catch (SandboxFailure e) {
            log.warn("Job {} failed: {}", job.jobId(), e.getMessage());
            return JobResults.failed(job, "Sandbox failed: " + e.getMessage(), startedAt, clock.instant());
        } catch (IOException e) {
            log.error("Job {} failed on file storage", job.jobId(), e);
            return JobResults.failed(job, "File storage failed: " + e.getMessage(), startedAt, clock.instant());
        } finally {
            deadline.cancel(false);
            if (renewals != null) {
                renewals.cancel(false);
            }
        }
    }

    private void renewOrKill(ExecutionJob job, int attempt, SandboxSession session) {
        try {
            LeaseState state = lifecycle.renewLease(job.jobId(), attempt, clock.instant().plus(LEASE));
            if (state != LeaseState.CURRENT) {
                log.info("Job {}: attempt {} is {}; killing its sandbox", job.jobId(), attempt,
                        state == LeaseState.CANCELLED ? "cancelled" : "superseded");
                session.kill();
            }
        } catch (RuntimeException e) {
            log.debug("Job {}: could not renew the lease of attempt {}: {}", job.jobId(), attempt, e.toString());
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

    private ExecutionResult completed(ExecutionJob job, int attempt, AgentReply reply, Map<String, String> files,
            Instant startedAt) {
        Instant finishedAt = clock.instant();
        // Asked only when there is something to grant: a superseded or cancelled attempt grants nothing (its result
        // will not be recorded either).
        if (!job.output().persistWorkspace() || files.isEmpty() || !isCurrent(job, attempt, finishedAt)) {
            return JobResults.completed(job, reply, Map.of(), Map.of(), startedAt, finishedAt);
        }
        Map<String, FileMetadata> metadata = storeRetry.call("grant the files of job " + job.jobId(),
                () -> grants.grant(job, files, finishedAt));
        return JobResults.completed(job, reply, files, metadata, startedAt, finishedAt);
    }

    private boolean isCurrent(ExecutionJob job, int attempt, Instant now) {
        return attempt == 0 || storeRetry.call("check the lease of job " + job.jobId(),
                () -> lifecycle.renewLease(job.jobId(), attempt, now.plus(LEASE))) == LeaseState.CURRENT;
    }

    /**
     * Stores the result of attempt {@code attempt}; when the job was ended meanwhile (cancelled, or failed by the
     * janitor), the stored outcome stands. Null when a later attempt took the job over: that one delivers.
     */
    private JobOutcome record(ExecutionResult result, int attempt, Runnable releaseSandbox) {
        if (handingBack) {
            log.warn("Job {} handed back at shutdown: another worker runs it once attempt {}'s lease lapses",
                    result.jobId(), attempt);
            handedBack.add(result.jobId());
            releaseSandbox.run();
            return null;
        }
        TransitionOutcome finished = storeRetry.call("record the result of job " + result.jobId(),
                () -> lifecycle.finish(result, result.finishedAt(), attempt));
        if (finished != TransitionOutcome.REFUSED) {
            return new JobOutcome(result, finished == TransitionOutcome.APPLIED, releaseSandbox);
        }
        JobRecord stored = storeRetry.call("read job " + result.jobId(), () -> jobs.find(result.jobId())).orElse(null);
        if (stored != null && stored.status().isTerminal() && stored.result() != null) {
            log.warn("Job {} had already ended; keeping its recorded outcome", result.jobId());
            return new JobOutcome(stored.result(), true, releaseSandbox);
        }
        log.warn("Job {}: attempt {} was superseded; its result is dropped", result.jobId(), attempt);
        releaseSandbox.run();
        return null;
    }
}
