package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionResult;

/**
 * What a run ended with.
 *
 * @param storedInJobStore whether the job store holds this result (it does unless the job record was missing)
 */
public record JobOutcome(ExecutionResult result, boolean storedInJobStore) {
}
