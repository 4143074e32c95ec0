package dev.codeinterp.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.infra.redis.RedisJobStore;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queued jobs nobody took, against a real redis-server. */
class UnclaimedJobSweeperIT {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private JobStore jobs;
    private JobLifecycle lifecycle;
    private UnclaimedJobSweeper sweeper;

    @BeforeEach
    void setUp() {
        redis.flushAll();
        jobs = new RedisJobStore(redis.template(), new ContractJson());
        lifecycle = new JobLifecycle(jobs);
        sweeper = new UnclaimedJobSweeper(jobs, lifecycle, 2);
    }

    @Test
    void shouldExpireAJobStillQueuedPastItsStartByWithTheReason() {
        String jobId = queued(NOW.minusSeconds(1));

        assertThat(sweeper.sweepOnce(NOW)).isOne();

        JobRecord job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(job.result().failureReason()).isEqualTo(UnclaimedJobSweeper.REASON);
        assertThat(jobs.findQueuedPastStartBy(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void shouldLeaveAJobAloneBeforeItsStartByOrOnceAWorkerStartedIt() {
        String waiting = queued(NOW.plusSeconds(1));
        String started = queued(NOW.minusSeconds(1));
        lifecycle.startAttempt(started, NOW.minusSeconds(2), NOW.minusSeconds(1), NOW.plusSeconds(10),
                NOW.plusSeconds(60), 3);

        assertThat(sweeper.sweepOnce(NOW)).isZero();

        assertThat(jobs.find(waiting).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.find(started).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void shouldExpireAtMostOneBatchPerSweep() {
        queued(NOW.minusSeconds(3));
        queued(NOW.minusSeconds(2));
        String last = queued(NOW.minusSeconds(1));

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(2);
        assertThat(jobs.findQueuedPastStartBy(NOW, 10)).containsExactly(last);
        assertThat(sweeper.sweepOnce(NOW)).isOne();
    }

    private String queued(Instant startBy) {
        String jobId = "job-" + UUID.randomUUID();
        jobs.create(JobRecord.queued(jobId, "chat", startBy.minusSeconds(30), startBy), Duration.ofHours(1));
        return jobId;
    }
}
