package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires jobs still {@code queued} past their start-by time: no worker took them in time (their message was lost, or
 * the workers were down), so every job reaches a terminal status even when no worker ever sees it. A worker would
 * expire such a job the same way when it came to it. Goes through the job lifecycle, so a job a worker started
 * meanwhile is left alone.
 */
public final class UnclaimedJobSweeper implements Sweeper {

    static final String REASON = "No worker took the job from the queue before its deadline";
    private static final Logger log = LoggerFactory.getLogger(UnclaimedJobSweeper.class);

    private final JobStore jobs;
    private final JobLifecycle lifecycle;
    private final int batchSize;

    public UnclaimedJobSweeper(JobStore jobs, JobLifecycle lifecycle, int batchSize) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        int expired = 0;
        for (String jobId : jobs.findQueuedPastStartBy(now, batchSize)) {
            if (lifecycle.expire(jobId, REASON, now) == TransitionOutcome.APPLIED) {
                expired++;
                log.warn("Expired job {}: still queued past its start-by time", jobId);
            }
        }
        return expired;
    }
}
