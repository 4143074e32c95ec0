package dev.codeinterp.api.execution;

import dev.codeinterp.api.admission.AdmissionLimits;
import java.time.Duration;

/**
 * How long a job may take end to end and what is kept of it.
 *
 * @param queueTimeout      {@code APP_QUEUE_TIMEOUT}: how long a job whose caller waits may wait for a sandbox
 * @param asyncQueueTimeout {@code APP_ASYNC_QUEUE_TIMEOUT}: how long an asynchronous job may wait for a sandbox
 * @param resultGrace       {@code APP_RESULT_GRACE}: extra time for file transfer and delivery
 * @param jobResultTtl      {@code APP_JOB_RESULT_TTL}: how long job records and results are kept after the job's
 *                          latest end
 * @param maxOutputBytes    {@code APP_MAX_OUTPUT_SIZE} in bytes, of stdout and of stderr each
 * @param admission         the shared abuse limits, named in refusals
 */
public record ExecutionSettings(Duration queueTimeout, Duration asyncQueueTimeout, Duration resultGrace,
        Duration jobResultTtl, int maxOutputBytes, AdmissionLimits admission) {
}
