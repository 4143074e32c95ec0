package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails jobs still {@code running} past their run deadline (their worker died or lost the sandbox), so every job
 * reaches a terminal status. Goes through the job lifecycle, so a job that finished meanwhile is left alone.
 */
public final class StuckJobSweeper implements Sweeper {

    static final String REASON = "The job did not finish by its deadline; its worker stopped responding";
    private static final Logger log = LoggerFactory.getLogger(StuckJobSweeper.class);

    private final JobStore jobs;
    private final JobLifecycle lifecycle;
    private final int batchSize;

    public StuckJobSweeper(JobStore jobs, JobLifecycle lifecycle, int batchSize) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        int failed = 0;
        for (String jobId : jobs.findRunningPastDeadline(now, batchSize)) {
            if (lifecycle.fail(jobId, REASON, now) == TransitionOutcome.APPLIED) {
                failed++;
                log.warn("Failed stuck job {}: running past its deadline", jobId);
            }
        }
        if (failed > 0) {
            log.info("Stuck-job sweep failed {} job(s)", failed);
        }
        return failed;
    }
}
