package dev.codeinterp.api.jobs;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.callback.InMemoryCallbackLedger;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.InMemoryLiveOutput;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FollowJobTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final JobLifecycle lifecycle = new JobLifecycle(jobs);
    private final AdvancingClock clock = new AdvancingClock();
    private final FollowJob followJob = new FollowJob(jobs, new InMemoryLiveOutput(),
            new TrackJobs(jobs, lifecycle, (chat, job) -> { }, new InMemoryCallbackLedger(jobs), clock), clock);

    @Test
    void shouldSendAKeepAliveWhenNothingHappensForFifteenSeconds() {
        jobs.create(JobRecord.queued("job-1", "chat", NOW), Duration.ofHours(1));

        List<JobEvent> events = followJob.events("job-1", "chat", EventCursor.START)
                .doOnNext(event -> clock.advance(FollowJob.KEEP_ALIVE.plusSeconds(1)))
                .take(3).collectList().block(Duration.ofSeconds(10));

        assertThat(events).extracting(JobEvent::name).containsExactly("status", null, null);
        assertThat(events.get(1).isKeepAlive()).isTrue();
    }

    @Test
    void shouldEndWithAnErrorEventWhenTheRecordIsGone() {
        List<JobEvent> events = followJob.events("gone", "chat", EventCursor.START).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(events).extracting(JobEvent::name).containsExactly("error");
        assertThat(events.get(0).data()).isEqualTo(new JobEvent.ErrorData("Job not found: gone (its record has "
                + "expired)"));
    }

    @Test
    void shouldEndAtOnceWhenResumedAfterTheResult() {
        jobs.create(JobRecord.queued("job-2", "chat", NOW), Duration.ofHours(1));
        lifecycle.markRunning("job-2", NOW, NOW.plusSeconds(60));
        lifecycle.finish(aResult().forJob("job-2").withStatus(JobStatus.SUCCEEDED).build(), NOW);
        List<JobEvent> all = followJob.events("job-2", "chat", EventCursor.START).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(all).extracting(JobEvent::name).containsExactly("status", "result");
        assertThat(followJob.events("job-2", "chat", EventCursor.parse(all.get(1).id())).collectList()
                .block(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void shouldNotShowAnotherChatsJob() {
        jobs.create(JobRecord.queued("job-3", "owner", NOW), Duration.ofHours(1));

        assertThat(followJob.events("job-3", "intruder", EventCursor.START).collectList()
                .block(Duration.ofSeconds(10))).extracting(JobEvent::name).containsExactly("error");
    }

    /** A clock that the test moves forward. */
    private static final class AdvancingClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

        void advance(Duration by) {
            now.updateAndGet(at -> at.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
