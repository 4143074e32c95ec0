package dev.codeinterp.api.execution;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.AdmissionRefusals;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionLimits;
import dev.codeinterp.common.job.InputFile;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.OutputPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How a job enters the service, however it is submitted (waited for, or asynchronous): the chat must be allowed its
 * input files, the job takes a slot under the shared abuse limits ({@link AdmissionControl}), its inputs are kept
 * from being deleted while it may read them, and it is recorded as queued.
 *
 * <p>A job may wait in the queue for {@code queueTimeout}, then run for its timeout plus the result grace: its slot is
 * held that long at most (plus a margin) unless freed earlier, and its record is kept {@code APP_JOB_RESULT_TTL}
 * beyond that latest end.
 */
public final class JobIntake {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** How long after a job's latest end a slot whose release never came (a replica died) still counts. */
    static final Duration HOLD_MARGIN = Duration.ofSeconds(30);

    private final ExecutionSettings settings;
    private final GrantLedger grants;
    private final OrphanedObjects objects;
    private final JobStore jobs;
    private final AdmissionControl admission;
    private final AdmissionRefusals refusals;
    private final Clock clock;

    public JobIntake(ExecutionSettings settings, GrantLedger grants, OrphanedObjects objects, JobStore jobs,
            AdmissionControl admission, Clock clock) {
        this(settings, grants, objects, jobs, admission, AdmissionRefusals.NONE, clock);
    }

    /** @param refusals told each refusal of the admission limits */
    public JobIntake(ExecutionSettings settings, GrantLedger grants, OrphanedObjects objects, JobStore jobs,
            AdmissionControl admission, AdmissionRefusals refusals, Clock clock) {
        this.refusals = refusals;
        this.settings = settings;
        this.grants = grants;
        this.objects = objects;
        this.jobs = jobs;
        this.admission = admission;
        this.clock = clock;
    }

    /** Checks the inputs, then takes a slot for job {@code jobId}; throws the 404, 429 or 503 that refuses it. */
    public JobSlot admit(ExecuteRequest request, String jobId, Duration queueTimeout) {
        Instant now = clock.instant();
        request.files().forEach((path, hash) -> {
            if (!grants.isUsable(request.chatId(), hash, now)) {
                throw ApiException.notFound("File not found: " + path);
            }
        });
        JobSlot slot = new JobSlot(request.chatId(), jobId, now.plus(latestEnd(request, queueTimeout))
                .plus(HOLD_MARGIN));
        Admission decision = admission.admit(slot, now);
        if (!decision.isAdmitted()) {
            refusals.refused(decision.outcome());
            throw refused(decision, request.chatId());
        }
        return slot;
    }

    /** Records the admitted job as queued and returns it ready to enqueue, to start within {@code queueTimeout}. */
    public ExecutionJob record(ExecuteRequest request, JobSlot slot, Duration queueTimeout) {
        return record(request, slot, queueTimeout, false);
    }

    /** As {@link #record(ExecuteRequest, JobSlot, Duration)}; with {@code liveOutput}, its output is kept as it runs. */
    public ExecutionJob record(ExecuteRequest request, JobSlot slot, Duration queueTimeout, boolean liveOutput) {
        Instant now = clock.instant();
        Instant startBy = now.plus(queueTimeout);
        // Keeps the janitor from deleting an input whose last grant ends while the job waits or runs.
        objects.markInUse(request.files().values(), startBy.plus(request.timeout()).plus(settings.resultGrace()));
        jobs.create(JobRecord.queued(slot.jobId(), request.chatId(), now, startBy),
                latestEnd(request, queueTimeout).plus(settings.jobResultTtl()));
        List<InputFile> inputs = request.files().entrySet().stream()
                .map(e -> new InputFile(e.getKey(), e.getValue())).toList();
        return new ExecutionJob(ExecutionJob.SCHEMA_VERSION, slot.jobId(), request.chatId(), request.sourceCode(),
                request.env(), inputs,
                new OutputPolicy(request.persistentWorkspace(), request.maxDownloads(), request.expiresAfter(),
                        liveOutput),
                new ExecutionLimits(request.timeout(), settings.maxOutputBytes()), now, startBy);
    }

    /** Gives the slot back off the event loop; a failure only logs, since the slot lapses anyway. */
    public Mono<Void> release(JobSlot slot) {
        return Mono.fromRunnable(() -> admission.release(slot))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("Job {}: could not release its admission slot (it lapses at {}): {}", slot.jobId(),
                            slot.heldUntil(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** The longest a job may take from submission to its result: the queue, its run, and the result's delivery. */
    public Duration latestEnd(ExecuteRequest request, Duration queueTimeout) {
        return queueTimeout.plus(request.timeout()).plus(settings.resultGrace());
    }

    private ApiException refused(Admission decision, String chatId) {
        AdmissionLimits limits = settings.admission();
        log.debug("Chat {} refused: {}", chatId, decision.outcome());
        return switch (decision.outcome()) {
            case QUEUE_FULL -> ApiException.unavailable("Too many jobs are queued (" + limits.maxQueuedJobs()
                    + "); try again later", RETRY_AFTER);
            case CHAT_BUSY -> ApiException.tooManyRequests("Chat " + chatId + " already has "
                    + limits.chatMaxConcurrent() + " executions in flight; try again when one finishes", RETRY_AFTER);
            case CHAT_RATE_LIMITED -> ApiException.tooManyRequests("Chat " + chatId + " reached its rate limit of "
                    + limits.chatRate() + "; try again later", decision.retryAfter());
            case ADMITTED -> throw new IllegalStateException("an admitted job is not refused");
        };
    }
}
