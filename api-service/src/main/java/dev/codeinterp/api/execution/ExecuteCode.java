package dev.codeinterp.api.execution;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionLimits;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InputFile;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.OutputPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/execute} (and, through {@code ExecuteCustomTool}, {@code /v1/execute-custom-tool}):
 * checks the chat may use its input files, takes a slot under the shared abuse limits ({@link AdmissionControl}),
 * keeps the inputs from being deleted while the job may read them, records the job as queued, enqueues it and waits
 * for its result.
 *
 * <p>The slot is given back however the wait ends — a result, a failure, the reply timeout, or the client going
 * away (cancellation) — and lapses by itself shortly after the reply timeout if even that never happens.
 */
public final class ExecuteCode {

    private static final Logger log = LoggerFactory.getLogger(ExecuteCode.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** How long after the reply timeout a slot whose release never came (a replica died) still counts. */
    static final Duration HOLD_MARGIN = Duration.ofSeconds(30);

    private final ExecutionSettings settings;
    private final GrantLedger grants;
    private final OrphanedObjects objects;
    private final JobStore jobs;
    private final JobDispatcher dispatcher;
    private final AdmissionControl admission;
    private final Clock clock;

    public ExecuteCode(ExecutionSettings settings, GrantLedger grants, OrphanedObjects objects, JobStore jobs,
            JobDispatcher dispatcher, AdmissionControl admission, Clock clock) {
        this.settings = settings;
        this.grants = grants;
        this.objects = objects;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.admission = admission;
        this.clock = clock;
    }

    public Mono<ExecuteResponse> execute(ExecuteRequest request) {
        return Mono.usingWhen(
                        Mono.fromCallable(() -> admit(request)).subscribeOn(Schedulers.boundedElastic()),
                        slot -> Mono.fromCallable(() -> enqueueable(request, slot))
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMap(job -> dispatcher.dispatch(job, replyTimeout(request))),
                        this::release, (slot, error) -> release(slot), this::release)
                .doOnNext(result -> log.debug("Job {}: result reached the api {} ms after the worker finished",
                        result.jobId(), result.finishedAt() == null ? -1
                                : Duration.between(result.finishedAt(), clock.instant()).toMillis()))
                .map(result -> respond(result, request.chatId()));
    }

    /** Checks the inputs, then takes a slot; throws the 404, 429 or 503 that refuses the job. */
    private JobSlot admit(ExecuteRequest request) {
        Instant now = clock.instant();
        request.files().forEach((path, hash) -> {
            if (!grants.isUsable(request.chatId(), hash, now)) {
                throw ApiException.notFound("File not found: " + path);
            }
        });
        JobSlot slot = new JobSlot(request.chatId(), UUID.randomUUID().toString(),
                now.plus(replyTimeout(request)).plus(HOLD_MARGIN));
        Admission decision = admission.admit(slot, now);
        if (!decision.isAdmitted()) {
            throw refused(decision, request.chatId());
        }
        return slot;
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

    /** Gives the slot back off the event loop; a failure only logs, since the slot's held untils it anyway. */
    private Mono<Void> release(JobSlot slot) {
        return Mono.fromRunnable(() -> admission.release(slot))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("Job {}: could not release its admission slot (it lapses at {}): {}", slot.jobId(),
                            slot.heldUntil(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private ExecutionJob enqueueable(ExecuteRequest request, JobSlot slot) {
        Instant now = clock.instant();
        Instant startBy = now.plus(settings.queueTimeout());
        // Keeps the janitor from deleting an input whose last grant ends while the job waits or runs.
        objects.markInUse(request.files().values(), startBy.plus(request.timeout()).plus(settings.resultGrace()));
        String jobId = slot.jobId();
        jobs.create(JobRecord.queued(jobId, request.chatId(), now), settings.jobResultTtl());
        List<InputFile> inputs = request.files().entrySet().stream()
                .map(e -> new InputFile(e.getKey(), e.getValue())).toList();
        return new ExecutionJob(ExecutionJob.SCHEMA_VERSION, jobId, request.chatId(), request.sourceCode(),
                request.env(), inputs,
                new OutputPolicy(request.persistentWorkspace(), request.maxDownloads(), request.expiresAfter()),
                new ExecutionLimits(request.timeout(), settings.maxOutputBytes()), now, startBy);
    }

    private Duration replyTimeout(ExecuteRequest request) {
        return settings.queueTimeout().plus(request.timeout()).plus(settings.resultGrace());
    }

    private static ExecuteResponse respond(ExecutionResult result, String chatId) {
        return switch (result.status()) {
            case SUCCEEDED, TIMED_OUT -> ExecuteResponse.of(result, chatId);
            case EXPIRED -> throw ApiException.unavailable("No sandbox became free in time; try again later",
                    RETRY_AFTER);
            default -> throw ApiException.internal("Execution failed: " + result.failureReason());
        };
    }
}
