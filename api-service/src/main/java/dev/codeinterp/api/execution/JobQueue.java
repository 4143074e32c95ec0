package dev.codeinterp.api.execution;

import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.common.job.ExecutionJob;
import reactor.core.publisher.Mono;

/** Port: hands a job to the workers with nobody waiting for its result (it is read from the job store). */
public interface JobQueue {

    /**
     * Enqueues the job; completes once the queue holds it durably, or fails with a {@link ServiceUnavailableException}
     * (retryable) when the queue is unreachable.
     */
    Mono<Void> enqueue(ExecutionJob job);
}
