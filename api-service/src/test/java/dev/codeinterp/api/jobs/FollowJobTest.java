package dev.codeinterp.api.jobs;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.callback.InMemoryCallbackLedger;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.InMemoryLiveOutput;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

class FollowJobTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    /** Within half of {@link EventStreamSlots#STALE}: a slot given back, not one that went stale. */
    private static final Duration GIVEN_BACK = EventStreamSlots.STALE.dividedBy(2);

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final JobLifecycle lifecycle = new JobLifecycle(jobs);
    private final AdvancingClock clock = new AdvancingClock(NOW);
    private final FollowJob followJob = new FollowJob(jobs, new InMemoryLiveOutput(),
            new TrackJobs(jobs, lifecycle, (chat, job) -> { }, new InMemoryCallbackLedger(jobs), clock), clock);
    private final EventStreamSlots streams = new EventStreamSlots(0, 0, EventStreamSlots.Refusals.NONE,
            Clock.systemUTC());

    @Test
    void shouldSendAKeepAliveWhenNothingHappensForFifteenSeconds() {
        jobs.create(JobRecord.queued("job-1", "chat", NOW), Duration.ofHours(1));

        List<JobEvent> events = followJob.events("job-1", "chat", EventCursor.START, streams.take("chat"))
                .doOnNext(event -> clock.advance(FollowJob.KEEP_ALIVE.plusSeconds(1)))
                .take(3).collectList().block(Duration.ofSeconds(10));

        assertThat(events).extracting(JobEvent::name).containsExactly("status", null, null);
        assertThat(events.get(1).isKeepAlive()).isTrue();
    }

    @Test
    void shouldEndWithAnErrorEventWhenTheRecordIsGone() {
        List<JobEvent> events = followJob.events("gone", "chat", EventCursor.START, streams.take("chat"))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(events).extracting(JobEvent::name).containsExactly("error");
        assertThat(events.get(0).data()).isEqualTo(new JobEvent.ErrorData("Job not found: gone (its record has "
                + "expired)"));
    }

    @Test
    void shouldEndAtOnceWhenResumedAfterTheResult() {
        jobs.create(JobRecord.queued("job-2", "chat", NOW), Duration.ofHours(1));
        lifecycle.markRunning("job-2", NOW, NOW.plusSeconds(60));
        lifecycle.finish(aResult().forJob("job-2").withStatus(JobStatus.SUCCEEDED).build(), NOW);
        List<JobEvent> all = followJob.events("job-2", "chat", EventCursor.START, streams.take("chat"))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(all).extracting(JobEvent::name).containsExactly("status", "result");
        assertThat(followJob.events("job-2", "chat", EventCursor.parse(all.get(1).id()), streams.take("chat"))
                .collectList().block(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void shouldNotShowAnotherChatsJob() {
        jobs.create(JobRecord.queued("job-3", "owner", NOW), Duration.ofHours(1));

        assertThat(followJob.events("job-3", "intruder", EventCursor.START, streams.take("intruder")).collectList()
                .block(Duration.ofSeconds(10))).extracting(JobEvent::name).containsExactly("error");
    }

    @Test
    void shouldHoldItsSlotWhilePollingAndGiveItBackWhenTheJobEnds() {
        jobs.create(JobRecord.queued("job-4", "chat", NOW), Duration.ofHours(1));
        Flux<JobEvent> events = followJob.events("job-4", "chat", EventCursor.START, streams.take("chat"));
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        Disposable following = events.subscribe(seen::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(streams.openCount()).isOne();

            lifecycle.markRunning("job-4", NOW, NOW.plusSeconds(60));
            lifecycle.finish(aResult().forJob("job-4").withStatus(JobStatus.SUCCEEDED).build(), NOW);

            // well before a slot nobody touches stops counting anyway
            await().atMost(GIVEN_BACK).until(() -> following.isDisposed() && streams.openCount() == 0);
        } finally {
            following.dispose();
        }
    }

    @Test
    void shouldGiveItsSlotBackWhenTheClientLeaves() {
        jobs.create(JobRecord.queued("job-5", "chat", NOW), Duration.ofHours(1));
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        Disposable following = followJob.events("job-5", "chat", EventCursor.START, streams.take("chat"))
                .subscribe(seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);

        following.dispose();

        await().atMost(GIVEN_BACK).until(() -> streams.openCount() == 0);
    }

    @Test
    void shouldGiveItsSlotBackAtOnceWhenThereIsNothingToFollow() {
        EventCursor ended = EventCursor.START.ending();

        assertThat(followJob.events("job-6", "chat", ended, streams.take("chat")).collectList()
                .block(Duration.ofSeconds(10))).isEmpty();
        assertThat(streams.openCount()).isZero();
    }
}
