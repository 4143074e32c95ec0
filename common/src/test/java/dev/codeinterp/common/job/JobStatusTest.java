package dev.codeinterp.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    @Test
    void shouldUseLowercaseWireNameWhenWritten() {
        assertThat(JobStatus.TIMED_OUT.wireName()).isEqualTo("timed_out");
        assertThat(JobStatus.QUEUED.wireName()).isEqualTo("queued");
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldReadBackSameStatusWhenWireNameIsParsed(JobStatus status) {
        assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
    }

    @Test
    void shouldCountOnlyQueuedAndRunningAsNotTerminal() {
        assertThat(JobStatus.QUEUED.isTerminal()).isFalse();
        assertThat(JobStatus.RUNNING.isTerminal()).isFalse();
        assertThat(JobStatus.SUCCEEDED.isTerminal()).isTrue();
        assertThat(JobStatus.FAILED.isTerminal()).isTrue();
        assertThat(JobStatus.TIMED_OUT.isTerminal()).isTrue();
        assertThat(JobStatus.CANCELLED.isTerminal()).isTrue();
        assertThat(JobStatus.EXPIRED.isTerminal()).isTrue();
    }
}
