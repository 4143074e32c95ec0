package dev.codeinterp.janitor.sweep;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.infra.redis.JobKeys;
import dev.codeinterp.common.infra.redis.RedisJobStore;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StuckJobSweeperIT {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final int BATCH_SIZE = 2;

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private JobStore jobs;
    private JobLifecycle lifecycle;
    private StuckJobSweeper sweeper;

    @BeforeEach
    void setUp() {
        redis.flushAll();
        jobs = new RedisJobStore(redis.template(), new ContractJson());
        lifecycle = new JobLifecycle(jobs);
        sweeper = new StuckJobSweeper(jobs, lifecycle, BATCH_SIZE);
    }

    @Test
    void shouldFailJobWithReasonWhenItRunsPastItsDeadline() {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        int failed = sweeper.sweepOnce(NOW);

        assertThat(failed).isEqualTo(1);
        JobRecord job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.finishedAt()).isEqualTo(NOW);
        assertThat(job.result().failureReason()).isEqualTo(StuckJobSweeper.REASON);
        assertThat(jobs.findRunningPastDeadline(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void shouldLeaveJobAloneWhenItsDeadlineHasNotPassed() {
        String jobId = givenRunningJob(NOW.plus(Duration.ofMinutes(1)));

        assertThat(sweeper.sweepOnce(NOW)).isZero();

        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.findRunningPastDeadline(NOW.plus(Duration.ofMinutes(2)), 10)).containsExactly(jobId);
    }

    @Test
    void shouldLeaveJobAloneWhenItFinishedBeforeTheSweep() {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));
        ExecutionResult result = aResult().forJob(jobId).build();
        lifecycle.finish(result, NOW.minus(Duration.ofSeconds(90)));

        assertThat(sweeper.sweepOnce(NOW)).isZero();

        JobRecord job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.result()).isEqualTo(result);
    }

    @Test
    void shouldLeaveJobAloneWhenItFinishesBetweenListingAndFailing() {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));
        ExecutionResult result = aResult().forJob(jobId).build();
        JobStore finishingWhileListed = new ForwardingJobStore(jobs) {
            @Override
            public List<String> findRunningPastDeadline(Instant now, int limit) {
                List<String> stuck = super.findRunningPastDeadline(now, limit);
                lifecycle.finish(result, now);
                return stuck;
            }
        };
        StuckJobSweeper racingSweeper = new StuckJobSweeper(finishingWhileListed, lifecycle, BATCH_SIZE);

        assertThat(racingSweeper.sweepOnce(NOW)).isZero();

        JobRecord job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.result()).isEqualTo(result);
    }

    @Test
    void shouldFailAtMostBatchSizeOldestFirstWhenMoreJobsAreStuck() {
        String oldest = givenRunningJob(NOW.minus(Duration.ofMinutes(3)));
        String second = givenRunningJob(NOW.minus(Duration.ofMinutes(2)));
        String newest = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(BATCH_SIZE);

        assertThat(statusOf(oldest)).isEqualTo(JobStatus.FAILED);
        assertThat(statusOf(second)).isEqualTo(JobStatus.FAILED);
        assertThat(statusOf(newest)).isEqualTo(JobStatus.RUNNING);
        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);
        assertThat(statusOf(newest)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldFailNothingWhenSweptTwice() {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));
        sweeper.sweepOnce(NOW);
        JobRecord afterFirstSweep = jobs.find(jobId).orElseThrow();

        assertThat(sweeper.sweepOnce(NOW.plusSeconds(10))).isZero();

        assertThat(jobs.find(jobId)).contains(afterFirstSweep);
    }

    @Test
    void shouldStillFailStuckJobWhenAnOlderRunningJobLostItsRecord() {
        StuckJobSweeper oneAtATime = new StuckJobSweeper(jobs, lifecycle, 1);
        String orphan = givenRunningJob(NOW.minus(Duration.ofMinutes(3)));
        redis.template().delete(JobKeys.record(orphan));
        String stuck = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        oneAtATime.sweepOnce(NOW);
        oneAtATime.sweepOnce(NOW);

        assertThat(statusOf(stuck)).isEqualTo(JobStatus.FAILED);
    }

    private String givenRunningJob(Instant runDeadline) {
        JobRecord job = aJob().submittedAt(runDeadline.minus(Duration.ofMinutes(5))).build();
        jobs.create(job, Duration.ofHours(1));
        lifecycle.markRunning(job.jobId(), runDeadline.minus(Duration.ofMinutes(2)), runDeadline);
        return job.jobId();
    }

    private JobStatus statusOf(String jobId) {
        return jobs.find(jobId).orElseThrow().status();
    }
}
