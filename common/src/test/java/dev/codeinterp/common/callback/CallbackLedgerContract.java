package dev.codeinterp.common.callback;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CallbackLedger} must do; each adapter's test extends it. */
public abstract class CallbackLedgerContract {

    protected JobStore jobs;
    protected CallbackLedger ledger;

    /** A job store and the ledger that keeps callbacks with its records. */
    protected abstract void newStores();

    @BeforeEach
    void setUp() {
        newStores();
    }

    @Test
    void shouldFindARegisteredCallbackPendingWhenTheJobExists() {
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(5));

        ledger.register(job.jobId(), "https://hooks.example.com/x");

        assertThat(ledger.find(job.jobId())).contains(CallbackState.pending("https://hooks.example.com/x"));
    }

    @Test
    void shouldKeepTheLatestStateWhenUpdated() {
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(5));
        ledger.register(job.jobId(), "https://hooks.example.com/x");
        CallbackState failed = CallbackState.pending("https://hooks.example.com/x").failed(500, "HTTP 500");
        CallbackState delivered = failed.delivered(204, Instant.parse("2030-01-01T12:00:03Z"));

        ledger.update(job.jobId(), failed);
        ledger.update(job.jobId(), delivered);

        assertThat(ledger.find(job.jobId())).contains(delivered);
        assertThat(delivered.attempts()).isEqualTo(2);
    }

    @Test
    void shouldHaveNoCallbackWhenNoneWasRegistered() {
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(5));

        assertThat(ledger.find(job.jobId())).isEmpty();
    }

    @Test
    void shouldNotCreateAJobWhenItsRecordIsMissing() {
        ledger.register("no-such-job", "https://hooks.example.com/x");
        ledger.update("no-such-job", CallbackState.pending("https://hooks.example.com/x").failed(null, "x"));

        assertThat(ledger.find("no-such-job")).isEmpty();
        assertThat(jobs.find("no-such-job")).isEmpty();
    }
}
