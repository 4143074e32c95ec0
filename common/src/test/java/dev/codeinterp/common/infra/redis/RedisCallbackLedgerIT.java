package dev.codeinterp.common.infra.redis;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.callback.CallbackLedgerContract;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisCallbackLedgerIT extends CallbackLedgerContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected void newStores() {
        jobs = new RedisJobStore(redis.template(), new ContractJson());
        ledger = new RedisCallbackLedger(redis.template());
    }

    @Test
    void shouldKeepTheRecordsRetentionWhenTheCallbackIsWritten() {
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(30));

        ledger.register(job.jobId(), "https://hooks.example.com/x");

        assertThat(redis.template().getExpire(JobKeys.record(job.jobId())))
                .isBetween(Duration.ofMinutes(30).toSeconds() - 5, Duration.ofMinutes(30).toSeconds());
        assertThat(jobs.find(job.jobId())).contains(job);
    }
}
