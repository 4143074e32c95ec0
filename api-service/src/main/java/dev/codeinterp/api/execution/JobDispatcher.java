package dev.codeinterp.api.execution;

import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Port: hands a job to the workers and delivers its result back to this replica. */
public interface JobDispatcher {

    /**
     * Enqueues the job and completes with its result, or fails with a {@link ServiceUnavailableException} (retryable)
     * when the queue is unreachable, with a {@link ReplyTimeoutException} when no result arrives within
     * {@code replyTimeout}, or with an {@link InconsistentStateException} when the result was announced but cannot be
     * read.
     */
    Mono<ExecutionResult> dispatch(ExecutionJob job, Duration replyTimeout);
}
