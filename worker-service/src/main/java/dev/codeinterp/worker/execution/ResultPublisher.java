package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionResult;

/** Port: delivers a job's result to whoever waits for it. */
public interface ResultPublisher {

    /**
     * @param storedInJobStore whether the job store holds this result (then a large one need not travel inline)
     * @param replyTopic    the waiting api replica's topic
     * @param correlationId the request's correlation id, returned unchanged
     */
    void publish(ExecutionResult result, boolean storedInJobStore, String replyTopic, byte[] correlationId);
}
