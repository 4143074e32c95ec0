package dev.codeinterp.common.job;

import static dev.codeinterp.common.job.JobStatus.CANCELLED;
import static dev.codeinterp.common.job.JobStatus.EXPIRED;
import static dev.codeinterp.common.job.JobStatus.FAILED;
import static dev.codeinterp.common.job.JobStatus.QUEUED;
import static dev.codeinterp.common.job.JobStatus.RUNNING;
import static dev.codeinterp.common.job.JobStatus.SUCCEEDED;
import static dev.codeinterp.common.job.JobStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobTransitionsTest {

    /** The table as the lifecycle documents it, written out independently of the implementation. */
    private static final Map<JobStatus, Set<JobStatus>> EXPECTED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED),
            RUNNING, EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, EXPIRED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            TIMED_OUT, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class),
            EXPIRED, EnumSet.noneOf(JobStatus.class));

    @Test
    void shouldAllowExactlyTheDocumentedMovesWhenAskedAboutEveryPair() {
        SoftAssertions softly = new SoftAssertions();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                softly.assertThat(JobTransitions.isAllowed(from, to)).as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "EXPIRED"})
    void shouldHaveNoWayOutWhenStatusIsTerminal(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobStatus to : JobStatus.values()) {
            assertThat(JobTransitions.isAllowed(terminal, to)).as("%s -> %s", terminal, to).isFalse();
        }
    }

    @Test
    void shouldNameEverySourceWhenAskedForTarget() {
        assertThat(JobTransitions.sourcesOf(QUEUED)).isEmpty();
        assertThat(JobTransitions.sourcesOf(RUNNING)).containsExactlyInAnyOrder(QUEUED, RUNNING);
        assertThat(JobTransitions.sourcesOf(SUCCEEDED)).containsExactly(RUNNING);
        assertThat(JobTransitions.sourcesOf(TIMED_OUT)).containsExactly(RUNNING);
        assertThat(JobTransitions.sourcesOf(FAILED)).containsExactlyInAnyOrder(QUEUED, RUNNING);
        assertThat(JobTransitions.sourcesOf(CANCELLED)).containsExactlyInAnyOrder(QUEUED, RUNNING);
        assertThat(JobTransitions.sourcesOf(EXPIRED)).containsExactlyInAnyOrder(QUEUED, RUNNING);
    }

    @Test
    void shouldLeaveTableUnchangedWhenCallerModifiesReturnedSources() {
        JobTransitions.sourcesOf(SUCCEEDED).add(FAILED);

        assertThat(JobTransitions.isAllowed(FAILED, SUCCEEDED)).isFalse();
        assertThat(JobTransitions.sourcesOf(SUCCEEDED)).containsExactly(RUNNING);
    }
}
