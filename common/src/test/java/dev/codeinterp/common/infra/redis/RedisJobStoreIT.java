package dev.codeinterp.common.infra.redis;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStoreContract;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisJobStoreIT extends JobStoreContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected JobStore newEmptyStore() {
        // The running index is one key for all jobs, so each test needs a database of its own.
        redis.flushAll();
        return new RedisJobStore(redis.template(), new ContractJson());
    }

    @Test
    void shouldKeepRecordForRetentionWhenCreated() {
        JobRecord job = aJob().submittedAt(NOW).build();

        store.create(job, Duration.ofMinutes(30));

        assertThat(redis.template().getExpire(JobKeys.record(job.jobId())))
                .isBetween(Duration.ofMinutes(30).toSeconds() - 5, Duration.ofMinutes(30).toSeconds());
    }

    @Test
    void shouldKeepRetentionWhenJobChangesStatus() {
        JobRecord job = aJob().submittedAt(NOW).build();
        store.create(job, Duration.ofMinutes(30));
        JobLifecycle lifecycle = new JobLifecycle(store);

        lifecycle.markRunning(job.jobId(), NOW, NOW.plusSeconds(60));
        lifecycle.fail(job.jobId(), "worker lost", NOW.plusSeconds(1));

        assertThat(redis.template().getExpire(JobKeys.record(job.jobId())))
                .isBetween(Duration.ofMinutes(30).toSeconds() - 5, Duration.ofMinutes(30).toSeconds());
    }
}
