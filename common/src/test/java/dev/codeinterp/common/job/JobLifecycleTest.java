package dev.codeinterp.common.job;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.APPLIED;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.REFUSED;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.UNKNOWN_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobLifecycleTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofMinutes(2));

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final JobLifecycle lifecycle = new JobLifecycle(store);

    @Test
    void shouldStartJobWithDeadlineWhenQueued() {
        String jobId = givenQueuedJob();

        assertThat(lifecycle.markRunning(jobId, NOW, DEADLINE)).isEqualTo(APPLIED);

        JobRecord job = store.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.startedAt()).isEqualTo(NOW);
        assertThat(job.runDeadline()).isEqualTo(DEADLINE);
    }

    @Test
    void shouldStartAgainWhenRunningJobIsRedelivered() {
        String jobId = givenRunningJob();

        assertThat(lifecycle.markRunning(jobId, NOW.plusSeconds(30), DEADLINE.plusSeconds(30))).isEqualTo(APPLIED);

        assertThat(store.find(jobId).orElseThrow().runDeadline()).isEqualTo(DEADLINE.plusSeconds(30));
    }

    @Test
    void shouldRefuseToStartWhenJobAlreadyFinished() {
        String jobId = givenRunningJob();
        lifecycle.finish(aResult().forJob(jobId).build(), NOW.plusSeconds(5));

        assertThat(lifecycle.markRunning(jobId, NOW.plusSeconds(6), DEADLINE)).isEqualTo(REFUSED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "TIMED_OUT"})
    void shouldRecordProgramResultWhenRunningJobFinishes(JobStatus status) {
        String jobId = givenRunningJob();
        ExecutionResult result = aResult().forJob(jobId).withStatus(status).build();

        assertThat(lifecycle.finish(result, NOW.plusSeconds(5))).isEqualTo(APPLIED);

        JobRecord job = store.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(status);
        assertThat(job.finishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(job.result()).isEqualTo(result);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "TIMED_OUT"})
    void shouldRefuseProgramResultWhenJobNeverRan(JobStatus status) {
        String jobId = givenQueuedJob();

        assertThat(lifecycle.finish(aResult().forJob(jobId).withStatus(status).build(), NOW)).isEqualTo(REFUSED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "RUNNING"})
    void shouldRejectResultWhenItsStatusIsNotTerminal(JobStatus status) {
        String jobId = givenRunningJob();
        ExecutionResult result = aResult().forJob(jobId).withStatus(status).build();

        assertThatThrownBy(() -> lifecycle.finish(result, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(status.toString());
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void shouldFailWithReasonWhenAsked() {
        String jobId = givenRunningJob();

        assertThat(lifecycle.fail(jobId, "sandbox lost", NOW)).isEqualTo(APPLIED);

        JobRecord job = store.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.result().status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.result().failureReason()).isEqualTo("sandbox lost");
        assertThat(job.result().programRan()).isFalse();
    }

    @Test
    void shouldExpireQueuedJobWhenItsCallerGaveUp() {
        String jobId = givenQueuedJob();

        assertThat(lifecycle.expire(jobId, "nobody waits any more", NOW)).isEqualTo(APPLIED);

        JobRecord job = store.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(job.result().failureReason()).isEqualTo("nobody waits any more");
    }

    @Test
    void shouldCancelQueuedJobWhenAsked() {
        String jobId = givenQueuedJob();

        assertThat(lifecycle.cancel(jobId, NOW)).isEqualTo(APPLIED);

        JobRecord job = store.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.result().failureReason()).isEqualTo("Cancelled");
        assertThat(job.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldKeepFirstResultWhenDuplicateResultArrives() {
        String jobId = givenRunningJob();
        ExecutionResult first = aResult().forJob(jobId).withStdout("first\n").build();
        lifecycle.finish(first, NOW.plusSeconds(1));

        assertThat(lifecycle.finish(aResult().forJob(jobId).withStdout("second\n").build(), NOW.plusSeconds(2)))
                .isEqualTo(REFUSED);
        assertThat(lifecycle.fail(jobId, "janitor: too late", NOW.plusSeconds(3))).isEqualTo(REFUSED);
        assertThat(store.find(jobId).orElseThrow().result()).isEqualTo(first);
    }

    @Test
    void shouldReportUnknownJobWhenJobDoesNotExist() {
        assertThat(lifecycle.markRunning("job-never-created", NOW, DEADLINE)).isEqualTo(UNKNOWN_JOB);
        assertThat(lifecycle.cancel("job-never-created", NOW)).isEqualTo(UNKNOWN_JOB);
    }

    private String givenQueuedJob() {
        JobRecord job = aJob().submittedAt(NOW.minusSeconds(1)).build();
        store.create(job, Duration.ofHours(1));
        return job.jobId();
    }

    private String givenRunningJob() {
        String jobId = givenQueuedJob();
        lifecycle.markRunning(jobId, NOW, DEADLINE);
        return jobId;
    }
}
