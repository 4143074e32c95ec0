package dev.codeinterp.api.execution;

import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.execution.IdempotencyKeys.Scope;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/execute} (and, through {@code ExecuteCustomTool}, {@code /v1/execute-custom-tool}):
 * lets the job in ({@link JobIntake}: inputs, admission, the queued record), enqueues it and waits for its result.
 * When no result arrives in time, the job's record answers if the job has ended; otherwise the caller gets a 504
 * naming the job, to read its outcome later with {@code GET /v1/jobs/{id}}. A job still waited for past its start-by
 * time is also looked up in its record now and then, so that an end nobody replies to is answered without waiting for
 * the reply timeout.
 *
 * <p>The worker that runs the job frees its slot before it replies; the slot is given back here however else the wait
 * ends — a result read from the job's record, a failure, the reply timeout, or the client going away (cancellation)
 * — and lapses by itself shortly after the reply timeout if even that never happens.
 */
public final class ExecuteCode {

    private static final Logger log = LoggerFactory.getLogger(ExecuteCode.class);
    /** How often a retry with an {@code Idempotency-Key} looks whether the job the key ran has ended. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    /** How often the record of a job waited for past its start-by time is read, in case it ended without a reply. */
    static final Duration ENDED_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final ExecutionSettings settings;
    private final JobIntake intake;
    private final JobDispatcher dispatcher;
    private final JobStore jobs;
    private final JobLifecycle lifecycle;
    private final IdempotentSubmissions submissions;
    private final Clock clock;

    public ExecuteCode(ExecutionSettings settings, JobIntake intake, JobDispatcher dispatcher, JobStore jobs,
            JobLifecycle lifecycle, IdempotentSubmissions submissions, Clock clock) {
        this.settings = settings;
        this.intake = intake;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.submissions = submissions;
        this.clock = clock;
    }

    public Mono<ExecuteResponse> execute(ExecuteRequest request) {
        return run(request, UUID.randomUUID().toString()).map(result -> respond(result, request.chatId()));
    }

    /**
     * Runs the job at most once per key of the chat ({@link IdempotentSubmissions}, keys of {@code /v1/execute} only):
     * a retry with the same body answers the result of the job the key ran, from its record once it has ended, or
     * waits for that end as long as a first call would (then the 504 naming the job); another body gets a 409. A
     * request whose job never ran (refused, not enqueued, or expired in the queue) frees the key, so its retry runs.
     */
    public Mono<ExecuteResponse> execute(ExecuteRequest request, IdempotencyKey key) {
        Duration latestEnd = intake.latestEnd(request, settings.queueTimeout());
        Instant waitUntil = clock.instant().plus(latestEnd);
        return once(request, key, latestEnd.plus(settings.jobResultTtl()), waitUntil)
                .map(result -> respond(result, request.chatId()));
    }

    private Mono<ExecutionResult> once(ExecuteRequest request, IdempotencyKey key, Duration retention,
            Instant waitUntil) {
        return submissions.claim(Scope.EXECUTE, request.chatId(), key, retention).flatMap(submission -> {
            if (submission.isNew()) {
                AtomicBoolean recorded = new AtomicBoolean();
                return run(request, submission.jobId(), recorded)
                        .onErrorResume(e -> neverRan(e, recorded.get())
                                ? submissions.forget(submission).then(Mono.error(e)) : Mono.error(e))
                        .flatMap(result -> result.status() == JobStatus.EXPIRED
                                ? submissions.forget(submission).thenReturn(result) : Mono.just(result));
            }
            // Claimed again at each look: if the earlier request's job never ran, its key is free and this one runs.
            return endOf(submission.jobId()).switchIfEmpty(Mono.defer(() -> clock.instant().isBefore(waitUntil)
                    ? Mono.delay(POLL_INTERVAL).then(once(request, key, retention, waitUntil))
                    : Mono.error(notEndedInTime(submission.jobId()))));
        });
    }

    private Mono<ExecutionResult> run(ExecuteRequest request, String jobId) {
        return run(request, jobId, new AtomicBoolean());
    }

    /**
     * Admits, records and dispatches the job; {@code recorded} is set once its queued record exists. The slot is given
     * back here unless the worker's reply ended the wait: the worker frees it before it replies.
     */
    private Mono<ExecutionResult> run(ExecuteRequest request, String jobId, AtomicBoolean recorded) {
        Duration queueTimeout = settings.queueTimeout();
        AtomicBoolean replied = new AtomicBoolean();
        return Mono.usingWhen(
                        Mono.fromCallable(() -> intake.admit(request, jobId, queueTimeout))
                                .subscribeOn(Schedulers.boundedElastic()),
                        slot -> Mono.fromCallable(() -> intake.record(request, slot, queueTimeout))
                                .subscribeOn(Schedulers.boundedElastic())
                                .doOnNext(job -> recorded.set(true))
                                .flatMap(job -> Mono.firstWithSignal(
                                        dispatcher.dispatch(job, intake.latestEnd(request, queueTimeout))
                                                .doOnNext(reply -> replied.set(true))
                                                .onErrorResume(ReplyTimeoutException.class, this::recordedOutcome)
                                                .onErrorResume(ServiceUnavailableException.class,
                                                        e -> withdrawn(job, e)),
                                        endedWithoutReply(job))),
                        slot -> releaseUnlessReplied(slot, replied),
                        (slot, error) -> releaseUnlessReplied(slot, replied),
                        slot -> releaseUnlessReplied(slot, replied))
                .doOnNext(result -> log.debug("Job {}: result reached the api {} ms after the worker finished",
                        result.jobId(), result.finishedAt() == null ? -1
                                : Duration.between(result.finishedAt(), clock.instant()).toMillis()));
    }

    /** After the worker's reply (then, say, the client went away), the worker has freed the slot already. */
    private Mono<Void> releaseUnlessReplied(JobSlot slot, AtomicBoolean replied) {
        return replied.get() ? Mono.empty() : intake.release(slot);
    }

    /**
     * The end of a job that came without a reply: once the job is past its start-by time, its record is read every
     * {@link #ENDED_CHECK_INTERVAL}, since it may have been ended by someone who sends none (the janitor expiring it
     * in the queue or failing it past its run deadline, or a worker that recorded it and stopped before replying).
     * Never completes without a result: the reply, when it comes first, cancels it.
     */
    private Mono<ExecutionResult> endedWithoutReply(ExecutionJob job) {
        Duration untilStartBy = Duration.between(clock.instant(), job.startBy());
        return Flux.interval(untilStartBy.isNegative() ? ENDED_CHECK_INTERVAL : untilStartBy.plus(ENDED_CHECK_INTERVAL),
                        ENDED_CHECK_INTERVAL)
                .concatMap(tick -> endOf(job.jobId()))
                .next();
    }

    /**
     * A job the queue failed to take (or whose reply could not be awaited) is recorded as failed, so that it never
     * runs: then the caller gets the queue's 503 and may retry (a keyed retry runs it anew). Should a worker have
     * taken it all the same, it is not withdrawn: the caller gets its end, or the 504 naming it.
     */
    private Mono<ExecutionResult> withdrawn(ExecutionJob job, ServiceUnavailableException failure) {
        return Mono.fromCallable(() -> lifecycle.fail(job.jobId(), "The job could not be enqueued", clock.instant()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(outcome -> outcome == TransitionOutcome.APPLIED ? Mono.<ExecutionResult>error(failure)
                        : endOf(job.jobId()).switchIfEmpty(Mono.error(() -> notEndedInTime(job.jobId()))));
    }

    /** A failure before the job was recorded (a refusal), or a queue that could not take it. */
    private static boolean neverRan(Throwable failure, boolean recorded) {
        return !recorded || failure instanceof ServiceUnavailableException;
    }

    /** The result of the job if its record says it has ended; empty while it has not (or has no record yet). */
    private Mono<ExecutionResult> endOf(String jobId) {
        return Mono.fromCallable(() -> jobs.find(jobId).filter(job -> job.status().isTerminal())
                        .map(job -> job.result() != null ? job.result() : ExecutionResult.notRun(jobId, job.status(),
                                "The job ended without a result", job.finishedAt())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty);
    }

    /** The outcome the job store holds for a job whose result did not arrive in time, or the 504 that names it. */
    private Mono<ExecutionResult> recordedOutcome(ReplyTimeoutException timeout) {
        return endOf(timeout.jobId()).switchIfEmpty(Mono.error(() -> notEndedInTime(timeout.jobId())));
    }

    private static ApiException notEndedInTime(String jobId) {
        return ApiException.gatewayTimeout("Job " + jobId + " has not ended in time; read its outcome later with GET "
                + "/v1/jobs/" + jobId).with("job_id", jobId);
    }

    private static ExecuteResponse respond(ExecutionResult result, String chatId) {
        return switch (result.status()) {
            case SUCCEEDED, TIMED_OUT -> ExecuteResponse.of(result, chatId);
            case EXPIRED -> throw ApiException.unavailable("No sandbox became free in time; try again later",
                    JobIntake.RETRY_AFTER);
            default -> throw ApiException.internal("Execution failed: " + result.failureReason());
        };
    }
}
