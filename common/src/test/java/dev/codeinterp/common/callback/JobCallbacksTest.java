package dev.codeinterp.common.callback;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.json.ContractJson;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry policy of {@link JobCallbacks}, with the pauses recorded instead of waited for. */
class JobCallbacksTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final InMemoryCallbackLedger ledger = new InMemoryCallbackLedger(jobs);
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final AtomicInteger posts = new AtomicInteger();

    /** Runs every task at once, recording the pause it was scheduled with. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> pauses = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            pauses.add(unit.toMillis(delay));
            return super.schedule(task, 0, unit);
        }
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private JobLifecycle lifecycle(int maxAttempts, int status, List<String> dns) {
        CallbackSettings settings = new CallbackSettings("", List.of(), maxAttempts, Duration.ofSeconds(1));
        CallbackTargets targets = new CallbackTargets(settings, host -> {
            List<InetAddress> addresses = new ArrayList<>();
            for (String address : dns) {
                addresses.add(InetAddress.getByName(address));
            }
            return addresses;
        });
        CallbackTransport transport = (url, addresses, headers, body) -> {
            posts.incrementAndGet();
            return status;
        };
        return new JobLifecycle(jobs, new JobCallbacks(ledger, jobs, targets, transport, new ContractJson()::encode,
                settings, scheduler, Clock.systemUTC()));
    }

    private JobRecord jobWithCallback() {
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(5));
        ledger.register(job.jobId(), "https://hooks.example.com/x");
        return job;
    }

    @Test
    void shouldPauseOneTwoFourEightSecondsBetweenAttemptsWhenEveryAttemptFails() {
        JobRecord job = jobWithCallback();

        lifecycle(5, 500, List.of("8.8.8.8")).fail(job.jobId(), "boom", NOW);
        await().until(() -> ledger.find(job.jobId()).orElseThrow().attempts() == 5);

        assertThat(scheduler.pauses).containsExactly(0L, 1000L, 2000L, 4000L, 8000L);
        assertThat(posts).hasValue(5);
        assertThat(ledger.find(job.jobId()).orElseThrow()).extracting(CallbackState::delivered,
                CallbackState::lastStatusCode, CallbackState::lastError).containsExactly(false, 500, "HTTP 500");
    }

    @Test
    void shouldMakeOneAttemptWhenTheFirstIsAnswered2xx() {
        JobRecord job = jobWithCallback();

        lifecycle(5, 202, List.of("8.8.8.8")).cancel(job.jobId(), NOW);
        await().until(() -> ledger.find(job.jobId()).orElseThrow().delivered());

        assertThat(scheduler.pauses).containsExactly(0L);
        assertThat(posts).hasValue(1);
    }

    @Test
    void shouldNeitherPostNorRetryWhenTheHostResolvesToAPrivateAddress() {
        JobRecord job = jobWithCallback();

        lifecycle(5, 200, List.of("8.8.8.8", "10.0.0.7")).cancel(job.jobId(), NOW);
        await().until(() -> ledger.find(job.jobId()).orElseThrow().attempts() == 1);

        assertThat(ledger.find(job.jobId()).orElseThrow().lastError())
                .isEqualTo("refused: host 'hooks.example.com' resolves to private address 10.0.0.7");
        assertThat(scheduler.pauses).containsExactly(0L);
        assertThat(posts).hasValue(0);
    }
}
