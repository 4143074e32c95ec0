package dev.codeinterp.common.job;

import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLifecycleEndListenerTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<String> ended = new ArrayList<>();
    private final JobLifecycle lifecycle = new JobLifecycle(store,
            (jobId, status) -> ended.add(jobId + ":" + status.wireName()));

    @Test
    void shouldTellTheListenerOnceWhenAJobEnds() {
        JobRecord job = aJob().build();
        store.create(job, Duration.ofMinutes(5));

        lifecycle.markRunning(job.jobId(), NOW, NOW.plusSeconds(60));
        lifecycle.cancel(job.jobId(), NOW.plusSeconds(1));
        lifecycle.fail(job.jobId(), "too late", NOW.plusSeconds(2));

        assertThat(ended).containsExactly(job.jobId() + ":cancelled");
    }

    @Test
    void shouldTellTheListenerOnlyWhenTheCurrentAttemptRecordsTheEnd() {
        JobRecord job = aJob().build();
        store.create(job, Duration.ofMinutes(5));
        lifecycle.startAttempt(job.jobId(), NOW, NOW, NOW.plusSeconds(10), NOW.plusSeconds(60), 3);
        lifecycle.startAttempt(job.jobId(), NOW.plusSeconds(11), NOW, NOW.plusSeconds(21), NOW.plusSeconds(71), 3);
        ExecutionResult result = ExecutionResultBuilder.aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED)
                .build();

        lifecycle.finish(result, NOW.plusSeconds(12), 1);
        assertThat(ended).isEmpty();

        lifecycle.finish(result, NOW.plusSeconds(12), 2);
        assertThat(ended).containsExactly(job.jobId() + ":succeeded");
    }

    @Test
    void shouldNotTellTheListenerWhenTheJobIsUnknown() {
        lifecycle.expire("no-such-job", "gone", NOW);

        assertThat(ended).isEmpty();
    }
}
