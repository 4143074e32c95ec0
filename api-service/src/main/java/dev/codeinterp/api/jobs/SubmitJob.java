package dev.codeinterp.api.jobs;

import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.execution.ExecuteRequest;
import dev.codeinterp.api.execution.ExecutionSettings;
import dev.codeinterp.api.execution.IdempotencyKey;
import dev.codeinterp.api.execution.IdempotencyKeys.Scope;
import dev.codeinterp.api.execution.IdempotentSubmissions;
import dev.codeinterp.api.execution.JobIntake;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code POST /v1/jobs}: lets the job in ({@link JobIntake}), with {@code APP_ASYNC_QUEUE_TIMEOUT}
 * to wait for a sandbox, and answers once the queue holds it; nobody waits for the result, which the worker records
 * (with the output as it is written, for {@link FollowJob}).
 * The job keeps its admission slot until it ends. A job that cannot be enqueued gives its slot back and is recorded
 * as failed, so it never stays {@code queued}.
 */
public final class SubmitJob {

    private static final Logger log = LoggerFactory.getLogger(SubmitJob.class);

    private final ExecutionSettings settings;
    private final JobIntake intake;
    private final JobQueue queue;
    private final JobLifecycle lifecycle;
    private final JobStore jobs;
    private final IdempotentSubmissions submissions;
    private final CallbackLedger callbacks;
    private final Clock clock;

    public SubmitJob(ExecutionSettings settings, JobIntake intake, JobQueue queue, JobLifecycle lifecycle,
            JobStore jobs, IdempotentSubmissions submissions, CallbackLedger callbacks, Clock clock) {
        this.settings = settings;
        this.intake = intake;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public Mono<AcceptedJob> submit(ExecuteRequest request) {
        return submit(request, (String) null);
    }

    /** @param callbackUrl a checked URL that receives the job's final state, or null */
    public Mono<AcceptedJob> submit(ExecuteRequest request, String callbackUrl) {
        return submit(request, UUID.randomUUID().toString(), callbackUrl);
    }

    /**
     * Submits at most once per key of the chat ({@link IdempotentSubmissions}): a retry with the same body gets the job
     * the key submitted (whatever its status now), another body a 409. A submission that fails frees the key, so its
     * retry may run.
     */
    public Mono<AcceptedJob> submit(ExecuteRequest request, String callbackUrl, IdempotencyKey key) {
        Duration retention = intake.latestEnd(request, settings.asyncQueueTimeout()).plus(settings.jobResultTtl());
        return submissions.claim(Scope.JOBS, request.chatId(), key, retention).flatMap(submission -> submission.isNew()
                ? submit(request, submission.jobId(), callbackUrl)
                        .onErrorResume(e -> submissions.forget(submission).then(Mono.error(e)))
                : blocking(() -> accepted(submission.jobId(), request.chatId())));
    }

    private Mono<AcceptedJob> submit(ExecuteRequest request, String jobId, String callbackUrl) {
        Duration queueTimeout = settings.asyncQueueTimeout();
        return blocking(() -> intake.admit(request, jobId, queueTimeout))
                .flatMap(slot -> blocking(() -> intake.record(request, slot, queueTimeout, true))
                        .flatMap(job -> callbackUrl == null ? Mono.just(job) : blocking(() -> {
                            // Before the job is queued, so whoever ends it finds where to report.
                            callbacks.register(jobId, callbackUrl);
                            return job;
                        }))
                        .flatMap(job -> queue.enqueue(job))
                        .thenReturn(new AcceptedJob(jobId, JobStatus.QUEUED.wireName(), request.chatId()))
                        .onErrorResume(e -> abandon(slot, e)));
    }

    /** Undoes an admitted job that did not reach the queue. */
    private Mono<AcceptedJob> abandon(JobSlot slot, Throwable failure) {
        log.warn("Job {} was not enqueued: {}", slot.jobId(), failure.toString());
        return intake.release(slot)
                .then(blocking(() -> lifecycle.fail(slot.jobId(), "The job could not be enqueued", clock.instant()))
                        .onErrorResume(e -> Mono.empty()))
                .then(Mono.error(failure));
    }

    /** A job submitted before under the same key; its record may not exist yet if that submission is in progress. */
    private AcceptedJob accepted(String jobId, String chatId) {
        String status = jobs.find(jobId).map(JobRecord::status).orElse(JobStatus.QUEUED).wireName();
        return new AcceptedJob(jobId, status, chatId);
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
