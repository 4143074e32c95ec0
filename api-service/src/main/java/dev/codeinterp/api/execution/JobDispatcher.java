package dev.codeinterp.api.execution;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Port: hands a job to the workers and delivers its result back to this replica. */
public interface JobDispatcher {

    /**
     * Enqueues the job and completes with its result, or fails with a 503 {@code ApiException} when the queue is
     * unreachable or no result arrives within {@code replyTimeout}.
     */
    Mono<ExecutionResult> dispatch(ExecutionJob job, Duration replyTimeout);
}
