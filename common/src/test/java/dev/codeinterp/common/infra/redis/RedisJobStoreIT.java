package dev.codeinterp.common.infra.redis;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStoreContract;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
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
    void shouldReadNoShardWhenNoJobIsQueuedOrRunning() {
        JobRecord ended = aJob().submittedAt(NOW).build();
        store.create(ended, Duration.ofMinutes(30));
        JobLifecycle lifecycle = new JobLifecycle(store);
        lifecycle.markRunning(ended.jobId(), NOW, NOW.plusSeconds(60));
        lifecycle.fail(ended.jobId(), "worker lost", NOW.plusSeconds(1));
        redis.template().execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().resetConfigStats();
            return null;
        });

        assertThat(store.findRunningPastDeadline(NOW.plusSeconds(3600), 10)).isEmpty();
        assertThat(store.findQueuedPastStartBy(NOW.plusSeconds(3600), 10)).isEmpty();

        Properties stats = redis.template().execute(
                (RedisCallback<Properties>) connection -> connection.serverCommands().info("commandstats"));
        assertThat(stats.stringPropertyNames()).as("the janitor's idle rounds read no shard index")
                .noneMatch(name -> name.contains("cmdstat_zrange"))
                .anyMatch(name -> name.contains("cmdstat_exists"));
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
