package dev.codeinterp.common.job;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static dev.codeinterp.common.job.JobStatus.FAILED;
import static dev.codeinterp.common.job.JobStatus.RUNNING;
import static dev.codeinterp.common.job.JobStatus.SUCCEEDED;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.APPLIED;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.REFUSED;
import static dev.codeinterp.common.job.JobStore.TransitionOutcome.UNKNOWN_JOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link JobStore} must do. Each adapter's test extends this class and supplies an empty store.
 * Instants have millisecond precision: that is what stores are required to keep.
 */
public abstract class JobStoreContract {

    protected static final Instant NOW = Instant.parse("2030-01-01T12:00:00.123Z");
    protected static final Duration RETENTION = Duration.ofHours(1);
    private static final Duration RUN_TIME = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofSeconds(10);

    protected JobStore store;

    /** A store holding no jobs at all; called before every test. */
    protected abstract JobStore newEmptyStore();

    @BeforeEach
    void setUpEmptyStore() {
        store = newEmptyStore();
    }

    @Test
    void shouldFindEveryFieldWhenJobWasCreated() {
        JobRecord job = aJob().withChatId("chat-a").submittedAt(NOW).build();

        store.create(job, RETENTION);

        assertThat(store.find(job.jobId())).contains(job);
    }

    @Test
    void shouldFindNothingWhenJobWasNeverCreated() {
        assertThat(store.find("job-never-created")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldReportUnknownJobWhenTransitioningJobThatDoesNotExist(JobStatus to) {
        TransitionOutcome outcome = move("job-never-created", to, NOW);

        assertThat(outcome).isEqualTo(UNKNOWN_JOB);
        assertThat(store.find("job-never-created")).isEmpty();
    }

    static Stream<Arguments> allowedMoves() {
        return everyMove().filter(move -> JobTransitions.isAllowed(status(move, 0), status(move, 1)));
    }

    static Stream<Arguments> refusedMoves() {
        return everyMove().filter(move -> !JobTransitions.isAllowed(status(move, 0), status(move, 1)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedMoves")
    void shouldApplyTransitionWhenTableAllowsIt(JobStatus from, JobStatus to) {
        String jobId = givenJobIn(from);

        TransitionOutcome outcome = move(jobId, to, NOW.plusSeconds(10));

        assertThat(outcome).isEqualTo(APPLIED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedMoves")
    void shouldRefuseTransitionAndChangeNothingWhenTableForbidsIt(JobStatus from, JobStatus to) {
        String jobId = givenJobIn(from);
        JobRecord before = store.find(jobId).orElseThrow();

        TransitionOutcome outcome = move(jobId, to, NOW.plusSeconds(10));

        assertThat(outcome).isEqualTo(REFUSED);
        assertThat(store.find(jobId)).contains(before);
    }

    @Test
    void shouldRecordStartAndDeadlineWhenJobStartsRunning() {
        String jobId = givenJobIn(JobStatus.QUEUED);

        store.transition(jobId, JobTransitions.sourcesOf(RUNNING), RUNNING, NOW, NOW.plus(RUN_TIME), null);

        JobRecord running = store.find(jobId).orElseThrow();
        assertThat(running.status()).isEqualTo(RUNNING);
        assertThat(running.startedAt()).isEqualTo(NOW);
        assertThat(running.runDeadline()).isEqualTo(NOW.plus(RUN_TIME));
        assertThat(running.finishedAt()).isNull();
        assertThat(running.result()).isNull();
    }

    @Test
    void shouldReturnResultWhenItWasStoredWithTerminalTransition() {
        String jobId = givenJobIn(RUNNING);
        ExecutionResult result = aResult().forJob(jobId).withStdout("hello\n").withStderr("warning\n")
                .withExitCode(3)
                .withFile("/workspace/out.csv", "a".repeat(64), new FileMetadata(5, NOW.plus(Duration.ofDays(1))))
                .withFile("/workspace/plot.png", "b".repeat(64), new FileMetadata(null, null))
                .build();

        TransitionOutcome outcome = store.transition(jobId, JobTransitions.sourcesOf(SUCCEEDED), SUCCEEDED,
                NOW.plusSeconds(20), null, result);

        assertThat(outcome).isEqualTo(APPLIED);
        JobRecord finished = store.find(jobId).orElseThrow();
        assertThat(finished.status()).isEqualTo(SUCCEEDED);
        assertThat(finished.finishedAt()).isEqualTo(NOW.plusSeconds(20));
        assertThat(finished.result()).isEqualTo(result);
    }

    @Test
    void shouldKeepNoResultWhenTerminalTransitionCarriesNone() {
        String jobId = givenJobIn(JobStatus.QUEUED);

        store.transition(jobId, JobTransitions.sourcesOf(JobStatus.CANCELLED), JobStatus.CANCELLED, NOW, null, null);

        assertThat(store.find(jobId).orElseThrow().result()).isNull();
    }

    @Test
    void shouldKeepFinalStatusAndResultWhenLateResultArrives() {
        String jobId = givenJobIn(RUNNING);
        ExecutionResult failure = ExecutionResult.notRun(jobId, FAILED, "worker lost", NOW.plusSeconds(5));
        store.transition(jobId, JobTransitions.sourcesOf(FAILED), FAILED, NOW.plusSeconds(5), null, failure);

        ExecutionResult late = aResult().forJob(jobId).withStatus(SUCCEEDED).build();
        TransitionOutcome outcome = store.transition(jobId, JobTransitions.sourcesOf(SUCCEEDED), SUCCEEDED,
                NOW.plusSeconds(9), null, late);

        assertThat(outcome).isEqualTo(REFUSED);
        JobRecord stored = store.find(jobId).orElseThrow();
        assertThat(stored.status()).isEqualTo(FAILED);
        assertThat(stored.finishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(stored.result()).isEqualTo(failure);
    }

    @Test
    void shouldListRunningJobsPastDeadlineOldestFirstWhenAsked() {
        String oneMinuteLate = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));
        String threeMinutesLate = givenRunningJob(NOW.minus(Duration.ofMinutes(3)));
        String twoMinutesLate = givenRunningJob(NOW.minus(Duration.ofMinutes(2)));
        givenRunningJob(NOW.plus(Duration.ofMinutes(1)));
        givenJobIn(JobStatus.QUEUED);

        assertThat(store.findRunningPastDeadline(NOW, 10))
                .containsExactly(threeMinutesLate, twoMinutesLate, oneMinuteLate);
    }

    @Test
    void shouldListAtMostTheLimitWhenMoreJobsArePastDeadline() {
        String oldest = givenRunningJob(NOW.minus(Duration.ofMinutes(3)));
        String second = givenRunningJob(NOW.minus(Duration.ofMinutes(2)));
        givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        assertThat(store.findRunningPastDeadline(NOW, 2)).containsExactly(oldest, second);
    }

    @Test
    protected void shouldNotListJobWhenItsDeadlineIsExactlyNow() {
        givenRunningJob(NOW);

        assertThat(store.findRunningPastDeadline(NOW, 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "EXPIRED"})
    void shouldDropJobFromRunningListWhenItEnds(JobStatus end) {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        move(jobId, end, NOW);

        assertThat(store.findRunningPastDeadline(NOW, 10)).doesNotContain(jobId);
    }

    @Test
    void shouldRefreshStartAndDeadlineWhenRunningJobIsRedelivered() {
        String jobId = givenRunningJob(NOW.minus(Duration.ofMinutes(1)));

        TransitionOutcome outcome = store.transition(jobId, JobTransitions.sourcesOf(RUNNING), RUNNING, NOW,
                NOW.plus(RUN_TIME), null);

        assertThat(outcome).isEqualTo(APPLIED);
        assertThat(store.findRunningPastDeadline(NOW, 10)).doesNotContain(jobId);
        assertThat(store.findRunningPastDeadline(NOW.plus(RUN_TIME).plusMillis(1), 10)).containsExactly(jobId);
        JobRecord redelivered = store.find(jobId).orElseThrow();
        assertThat(redelivered.startedAt()).isEqualTo(NOW);
        assertThat(redelivered.runDeadline()).isEqualTo(NOW.plus(RUN_TIME));
    }

    @Test
    void shouldStartAttemptOneWhenTheJobIsQueued() {
        String jobId = givenJobIn(JobStatus.QUEUED);

        AttemptStart start = store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);

        assertThat(start).isEqualTo(AttemptStart.of(AttemptStart.Kind.STARTED, 1));
        JobRecord running = store.find(jobId).orElseThrow();
        assertThat(running.status()).isEqualTo(RUNNING);
        assertThat(running.startedAt()).isEqualTo(NOW);
        assertThat(running.runDeadline()).isEqualTo(NOW.plus(RUN_TIME));
        assertThat(store.findRunningPastDeadline(NOW.plus(RUN_TIME).plusMillis(1), 10)).containsExactly(jobId);
    }

    @Test
    void shouldChangeNothingWhenAQueuedJobIsPastItsStartBy() {
        String jobId = givenJobIn(JobStatus.QUEUED);

        AttemptStart start = store.startAttempt(jobId, NOW, NOW.minusMillis(1), NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);

        assertThat(start.kind()).isEqualTo(AttemptStart.Kind.EXPIRED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void shouldAnswerBusyWithTheLeaseWhileTheRunningAttemptHoldsIt() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);

        AttemptStart again = store.startAttempt(jobId, NOW.plus(LEASE), NOW, NOW.plus(LEASE).plus(LEASE),
                NOW.plus(RUN_TIME), 3);

        assertThat(again).isEqualTo(new AttemptStart(AttemptStart.Kind.BUSY, 1, NOW.plus(LEASE)));
    }

    @Test
    void shouldTakeTheJobOverWithTheNextAttemptOnceTheLeaseLapsedEvenPastItsStartBy() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);
        Instant later = NOW.plus(LEASE).plusMillis(1);

        AttemptStart takeOver = store.startAttempt(jobId, later, NOW, later.plus(LEASE), later.plus(RUN_TIME), 3);

        assertThat(takeOver).isEqualTo(AttemptStart.of(AttemptStart.Kind.STARTED, 2));
        assertThat(store.find(jobId).orElseThrow().startedAt()).isEqualTo(later);
        assertThat(store.renewLease(jobId, 1, later.plus(LEASE))).isEqualTo(LeaseState.SUPERSEDED);
        assertThat(store.renewLease(jobId, 2, later.plus(LEASE))).isEqualTo(LeaseState.CURRENT);
    }

    @Test
    void shouldChangeNothingWhenTheAttemptsAreUsedUp() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 1);
        Instant later = NOW.plus(LEASE).plusMillis(1);

        AttemptStart refused = store.startAttempt(jobId, later, NOW, later.plus(LEASE), later.plus(RUN_TIME), 1);

        assertThat(refused).isEqualTo(AttemptStart.of(AttemptStart.Kind.EXHAUSTED, 1));
        assertThat(store.find(jobId).orElseThrow().startedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "EXPIRED"})
    void shouldAnswerEndedWhenTheJobHasEnded(JobStatus end) {
        String jobId = givenJobIn(end);

        assertThat(store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3).kind())
                .isEqualTo(AttemptStart.Kind.ENDED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(end);
    }

    @Test
    void shouldAnswerUnknownWhenTheJobHasNoRecord() {
        assertThat(store.startAttempt("never-created", NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3).kind())
                .isEqualTo(AttemptStart.Kind.UNKNOWN_JOB);
    }

    @Test
    void shouldKeepAnAttemptBusyAsLongAsItRenewsItsLease() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);
        Instant renewedUntil = NOW.plus(LEASE).plus(LEASE);

        assertThat(store.renewLease(jobId, 1, renewedUntil)).isEqualTo(LeaseState.CURRENT);

        assertThat(store.startAttempt(jobId, NOW.plus(LEASE).plusMillis(1), NOW, renewedUntil, NOW.plus(RUN_TIME), 3))
                .isEqualTo(new AttemptStart(AttemptStart.Kind.BUSY, 1, renewedUntil));
    }

    @Test
    void shouldTellARunningAttemptThatItsJobWasCancelled() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);
        new JobLifecycle(store).cancel(jobId, NOW);

        assertThat(store.renewLease(jobId, 1, NOW.plus(LEASE))).isEqualTo(LeaseState.CANCELLED);
        assertThat(store.renewLease("never-created", 1, NOW.plus(LEASE))).isEqualTo(LeaseState.SUPERSEDED);
    }

    @Test
    void shouldRecordTheEndOnlyFromTheCurrentAttempt() {
        String jobId = givenJobIn(JobStatus.QUEUED);
        store.startAttempt(jobId, NOW, NOW, NOW.plus(LEASE), NOW.plus(RUN_TIME), 3);
        Instant later = NOW.plus(LEASE).plusMillis(1);
        store.startAttempt(jobId, later, NOW, later.plus(LEASE), later.plus(RUN_TIME), 3);
        ExecutionResult result = aResult().forJob(jobId).withStatus(SUCCEEDED).build();

        assertThat(store.transition(jobId, Set.of(RUNNING), SUCCEEDED, later, null, result, 1)).isEqualTo(REFUSED);
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(RUNNING);
        assertThat(store.transition(jobId, Set.of(RUNNING), SUCCEEDED, later, null, result, 2)).isEqualTo(APPLIED);
    }

    @Test
    void shouldListQueuedJobsPastTheirStartByOldestFirstUntilTheyLeaveTheQueue() {
        JobRecord late = aJob().submittedAt(NOW.minusSeconds(90)).startBy(NOW.minusSeconds(60)).build();
        JobRecord later = aJob().submittedAt(NOW.minusSeconds(90)).startBy(NOW.minusSeconds(30)).build();
        JobRecord onTime = aJob().submittedAt(NOW.minusSeconds(10)).startBy(NOW.plusSeconds(20)).build();
        JobRecord unknownStartBy = aJob().submittedAt(NOW.minusSeconds(90)).build();
        List.of(later, onTime, late, unknownStartBy).forEach(job -> store.create(job, RETENTION));

        assertThat(store.findQueuedPastStartBy(NOW, 10)).containsExactly(late.jobId(), later.jobId());
        assertThat(store.findQueuedPastStartBy(NOW, 1)).containsExactly(late.jobId());
        assertThat(store.find(late.jobId()).orElseThrow().startBy()).isEqualTo(NOW.minusSeconds(60));

        store.startAttempt(later.jobId(), NOW.minusSeconds(40), NOW.minusSeconds(30), NOW, NOW.plus(RUN_TIME), 3);
        new JobLifecycle(store).expire(late.jobId(), "never taken", NOW);

        assertThat(store.findQueuedPastStartBy(NOW.plus(RUN_TIME), 10)).containsExactly(onTime.jobId());
    }

    /** A new job, moved along the shortest allowed path to {@code status}. */
    protected String givenJobIn(JobStatus status) {
        JobRecord job = aJob().submittedAt(NOW.minus(Duration.ofMinutes(10))).build();
        store.create(job, RETENTION);
        if (status != JobStatus.QUEUED) {
            move(job.jobId(), RUNNING, NOW.minus(Duration.ofMinutes(9)));
        }
        if (status.isTerminal()) {
            move(job.jobId(), status, NOW.minus(Duration.ofMinutes(8)));
        }
        return job.jobId();
    }

    protected String givenRunningJob(Instant runDeadline) {
        JobRecord job = aJob().submittedAt(NOW.minus(Duration.ofMinutes(10))).build();
        store.create(job, RETENTION);
        store.transition(job.jobId(), JobTransitions.sourcesOf(RUNNING), RUNNING, NOW.minus(Duration.ofMinutes(9)),
                runDeadline, null);
        return job.jobId();
    }

    /** Moves the job the way {@link JobLifecycle} does: from every status the table allows. */
    private TransitionOutcome move(String jobId, JobStatus to, Instant at) {
        Instant runDeadline = to == RUNNING ? at.plus(RUN_TIME) : null;
        ExecutionResult result = to.isTerminal()
                ? aResult().forJob(jobId).withStatus(to).finishedAt(at).build()
                : null;
        return store.transition(jobId, JobTransitions.sourcesOf(to), to, at, runDeadline, result);
    }

    private static Stream<Arguments> everyMove() {
        return Arrays.stream(JobStatus.values())
                .flatMap(from -> Arrays.stream(JobStatus.values()).map(to -> Arguments.of(from, to)));
    }

    private static JobStatus status(Arguments move, int index) {
        return (JobStatus) move.get()[index];
    }
}
