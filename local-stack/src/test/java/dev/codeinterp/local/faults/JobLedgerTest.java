package dev.codeinterp.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.local.faults.TrackedJob.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLedgerTest {

    private final JobLedger ledger = new JobLedger();

    @Test
    void shouldCountAJobSucceededWithItsOwnMarkerAsNeitherLostNorDuplicated() {
        TrackedJob job = accepted(Kind.ASYNC, "a-1", false);
        job.observe(new Observation("succeeded", "a-1 00ff\n", false));
        job.observe(new Observation("succeeded", "a-1 00ff\n", false));

        KindTally tally = ledger.tally(Kind.ASYNC, id -> 1);

        assertThat(tally).extracting(KindTally::submitted, KindTally::accepted, KindTally::succeeded, KindTally::lost,
                KindTally::duplicated).containsExactly(1, 1, 1, 0, 0);
    }

    @Test
    void shouldCountAnAcceptedJobAsLostWhenItNeverEnded() {
        TrackedJob job = accepted(Kind.SYNC, "s-1", false);
        job.observe(new Observation("running", "", false));

        assertThat(ledger.tally(Kind.SYNC, id -> 0).lost()).isEqualTo(1);
    }

    @Test
    void shouldCountAnAcceptedJobAsLostWhenItFailed() {
        accepted(Kind.ASYNC, "a-1", false).observe(new Observation("failed", "", false));

        KindTally tally = ledger.tally(Kind.ASYNC, id -> 0);

        assertThat(tally.lost()).isEqualTo(1);
        assertThat(tally.examples()).containsValue("lost: last seen Observation[status=failed, stdout=, "
                + "fileReturned=false]");
    }

    @Test
    void shouldCountAJobAsLostWhenItsResultShowsAnotherMarker() {
        accepted(Kind.ASYNC, "a-1", false).observe(new Observation("succeeded", "a-12 00ff\n", false));

        assertThat(ledger.tally(Kind.ASYNC, id -> 1).lost()).isEqualTo(1);
    }

    @Test
    void shouldCountAJobAsLostWhenTheFileItWroteIsNotInItsResult() {
        accepted(Kind.SYNC, "s-1", true).observe(new Observation("succeeded", "s-1 00ff\n", false));

        assertThat(ledger.tally(Kind.SYNC, id -> 1).lost()).isEqualTo(1);
    }

    @Test
    void shouldJudgeAJobByItsLastEndSeenWhenTheDrainSawItStillRunningLater() {
        TrackedJob job = accepted(Kind.ASYNC, "a-1", false);
        job.observe(new Observation("succeeded", "a-1 00ff\n", false));
        job.observe(new Observation("http-503", "", false));

        assertThat(ledger.tally(Kind.ASYNC, id -> 1).lost()).isZero();
    }

    @Test
    void shouldCountAJobAsLostWhenItsRecordIsGone() {
        accepted(Kind.ASYNC, "a-1", false).observe(new Observation("http-404", "", false));

        assertThat(ledger.tally(Kind.ASYNC, id -> 1).lost()).isEqualTo(1);
    }

    @Test
    void shouldCountAJobAsDuplicatedWhenItsProgramRanToItsEndTwice() {
        TrackedJob job = accepted(Kind.SYNC, "s-1", false);
        job.observe(new Observation("succeeded", "s-1 00ff\n", false));

        KindTally tally = ledger.tally(Kind.SYNC, id -> id.equals(job.jobId()) ? 2 : 0);

        assertThat(tally.duplicated()).isEqualTo(1);
        assertThat(tally.runs()).isEqualTo(2);
        assertThat(tally.lost()).isZero();
    }

    @Test
    void shouldCountAJobAsDuplicatedWhenItsCallerSawTwoDifferentResults() {
        TrackedJob job = accepted(Kind.SYNC, "s-1", false);
        job.observe(new Observation("succeeded", "s-1 00ff\n", false));
        job.observe(new Observation("succeeded", "s-1 ee11\n", false));

        assertThat(ledger.tally(Kind.SYNC, id -> 1).duplicated()).isEqualTo(1);
    }

    @Test
    void shouldCountAJobAsDuplicatedWhenItsIdempotencyKeyNamedAnotherJob() {
        TrackedJob job = accepted(Kind.ASYNC, "a-1", false);
        job.observe(new Observation("succeeded", "a-1 00ff\n", false));
        job.idempotencyBroken();

        assertThat(ledger.tally(Kind.ASYNC, id -> 1).duplicated()).isEqualTo(1);
    }

    @Test
    void shouldCountAReRunJobOnceAsReRunAndNotAsDuplicatedWhenOnlyItsLastAttemptRanToItsEnd() {
        TrackedJob job = accepted(Kind.ASYNC, "a-1", false);
        job.observe(new Observation("succeeded", "a-1 00ff\n", false));
        job.attempt(2);

        KindTally tally = ledger.tally(Kind.ASYNC, id -> 1);

        assertThat(tally).extracting(KindTally::rerun, KindTally::duplicated, KindTally::lost)
                .containsExactly(1, 0, 0);
    }

    @Test
    void shouldCountRefusedJobsByStatusAndNeverAsLost() {
        TrackedJob refused = ledger.open(Kind.SYNC, "chat", new Program("s-1", 0, false));
        refused.refuse("503");
        ledger.open(Kind.SYNC, "chat", new Program("s-2", 0, false)).refuse("503");
        ledger.open(Kind.SYNC, "chat", new Program("s-3", 0, false)).refuse("io");

        KindTally tally = ledger.tally(Kind.SYNC, id -> 0);

        assertThat(tally).extracting(KindTally::submitted, KindTally::accepted, KindTally::lost)
                .containsExactly(3, 0, 0);
        assertThat(tally.refusals()).isEqualTo(Map.of("503", 2, "io", 1));
    }

    @Test
    void shouldTallyEachKindApart() {
        accepted(Kind.SYNC, "s-1", false).observe(new Observation("succeeded", "s-1 00ff\n", false));
        accepted(Kind.ASYNC, "a-2", false).observe(new Observation("failed", "", false));

        assertThat(ledger.tally(Kind.SYNC, id -> 1).lost()).isZero();
        assertThat(ledger.tally(Kind.ASYNC, id -> 1).lost()).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlySyncLatenciesOfAnsweredCalls() {
        accepted(Kind.SYNC, "s-1", false).latency(5_000_000);
        accepted(Kind.SYNC, "s-2", false);
        accepted(Kind.ASYNC, "a-3", false).latency(7_000_000);

        assertThat(ledger.syncLatencies()).containsExactly(5_000_000);
    }

    private TrackedJob accepted(Kind kind, String marker, boolean writesFile) {
        TrackedJob job = ledger.open(kind, "chat", new Program(marker, 0, writesFile));
        job.accept("job-" + marker);
        return job;
    }
}
