package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionResult;

/**
 * What a run ended with, to be delivered. Closing the outcome releases the job's sandbox: whoever delivers the result
 * closes it afterwards, so that starting the sandbox's replacement does not compete for the CPU with the delivery.
 *
 * @param storedInJobStore whether the job store holds this result (it does unless the job record was missing)
 * @param release          releases the job's sandbox; runs once, on {@link #close()}
 */
public record JobOutcome(ExecutionResult result, boolean storedInJobStore, Runnable release)
        implements AutoCloseable {

    /** An outcome that holds no sandbox (the job did not run, or never got one). */
    public static JobOutcome withoutSandbox(ExecutionResult result, boolean storedInJobStore) {
        return new JobOutcome(result, storedInJobStore, () -> { });
    }

    @Override
    public void close() {
        release.run();
    }
}
