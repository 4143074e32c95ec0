package dev.codeinterp.api.execution;

import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/execute} (and, through {@code ExecuteCustomTool}, {@code /v1/execute-custom-tool}):
 * lets the job in ({@link JobIntake}: inputs, admission, the queued record), enqueues it and waits for its result.
 * When no result arrives in time, the job's record answers if the job has ended; otherwise the caller gets a 504
 * naming the job, to read its outcome later with {@code GET /v1/jobs/{id}}.
 *
 * <p>The slot is given back however the wait ends — a result, a failure, the reply timeout, or the client going
 * away (cancellation) — and lapses by itself shortly after the reply timeout if even that never happens.
 */
public final class ExecuteCode {

    private static final Logger log = LoggerFactory.getLogger(ExecuteCode.class);

    private final ExecutionSettings settings;
    private final JobIntake intake;
    private final JobDispatcher dispatcher;
    private final JobStore jobs;
    private final Clock clock;

    public ExecuteCode(ExecutionSettings settings, JobIntake intake, JobDispatcher dispatcher, JobStore jobs,
            Clock clock) {
        this.settings = settings;
        this.intake = intake;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
        this.clock = clock;
    }

    public Mono<ExecuteResponse> execute(ExecuteRequest request) {
        Duration queueTimeout = settings.queueTimeout();
        return Mono.usingWhen(
                        Mono.fromCallable(() -> intake.admit(request, UUID.randomUUID().toString(), queueTimeout))
                                .subscribeOn(Schedulers.boundedElastic()),
                        slot -> Mono.fromCallable(() -> intake.record(request, slot, queueTimeout))
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMap(job -> dispatcher.dispatch(job, intake.latestEnd(request, queueTimeout))
                                        .onErrorResume(ReplyTimeoutException.class, this::recordedOutcome)),
                        intake::release, (slot, error) -> intake.release(slot), intake::release)
                .doOnNext(result -> log.debug("Job {}: result reached the api {} ms after the worker finished",
                        result.jobId(), result.finishedAt() == null ? -1
                                : Duration.between(result.finishedAt(), clock.instant()).toMillis()))
                .map(result -> respond(result, request.chatId()));
    }

    /** The outcome the job store holds for a job whose result did not arrive in time, or the 504 that names it. */
    private Mono<ExecutionResult> recordedOutcome(ReplyTimeoutException timeout) {
        return Mono.fromCallable(() -> jobs.find(timeout.jobId()).filter(job -> job.status().isTerminal())
                        .map(JobRecord::result))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> Mono.justOrEmpty(result.orElse(null)))
                .switchIfEmpty(Mono.error(() -> ApiException.gatewayTimeout("Job " + timeout.jobId()
                        + " has not ended in time; read its outcome later with GET /v1/jobs/" + timeout.jobId())
                        .with("job_id", timeout.jobId())));
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
