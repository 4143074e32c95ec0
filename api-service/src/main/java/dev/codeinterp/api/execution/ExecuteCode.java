package dev.codeinterp.api.execution;

import dev.codeinterp.api.config.ApiProperties;
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
 * The use case behind {@code /v1/execute}: checks the chat may use its input files and keeps them from being deleted
 * while the job may read them, records the job as queued, enqueues it and waits for its result.
 */
public final class ExecuteCode {

    private static final Logger log = LoggerFactory.getLogger(ExecuteCode.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ApiProperties properties;
    private final GrantLedger grants;
    private final OrphanedObjects objects;
    private final JobStore jobs;
    private final JobDispatcher dispatcher;
    private final Clock clock;

    public ExecuteCode(ApiProperties properties, GrantLedger grants, OrphanedObjects objects, JobStore jobs,
            JobDispatcher dispatcher, Clock clock) {
        this.properties = properties;
        this.grants = grants;
        this.objects = objects;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public Mono<ExecuteResponse> execute(ExecuteRequest request) {
        return Mono.fromCallable(() -> enqueueable(request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(job -> dispatcher.dispatch(job, replyTimeout(request)))
                .doOnNext(result -> log.debug("Job {}: result reached the api {} ms after the worker finished",
                        result.jobId(), result.finishedAt() == null ? -1
                                : Duration.between(result.finishedAt(), clock.instant()).toMillis()))
                .map(result -> respond(result, request.chatId()));
    }

    private ExecutionJob enqueueable(ExecuteRequest request) {
        Instant now = clock.instant();
        request.files().forEach((path, hash) -> {
            if (!grants.isUsable(request.chatId(), hash, now)) {
                throw ApiException.notFound("File not found: " + path);
            }
        });
        Instant startBy = now.plus(properties.queueTimeout());
        // Keeps the janitor from deleting an input whose last grant ends while the job waits or runs.
        objects.markInUse(request.files().values(), startBy.plus(request.timeout()).plus(properties.resultGrace()));
        String jobId = UUID.randomUUID().toString();
        jobs.create(JobRecord.queued(jobId, request.chatId(), now), properties.jobResultTtl());
        List<InputFile> inputs = request.files().entrySet().stream()
                .map(e -> new InputFile(e.getKey(), e.getValue())).toList();
        return new ExecutionJob(ExecutionJob.SCHEMA_VERSION, jobId, request.chatId(), request.sourceCode(),
                request.env(), inputs,
                new OutputPolicy(request.persistentWorkspace(), request.maxDownloads(), request.expiresAfter()),
                new ExecutionLimits(request.timeout(), (int) properties.maxOutputSize().toBytes()), now, startBy);
    }

    private Duration replyTimeout(ExecuteRequest request) {
        return properties.queueTimeout().plus(request.timeout()).plus(properties.resultGrace());
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
