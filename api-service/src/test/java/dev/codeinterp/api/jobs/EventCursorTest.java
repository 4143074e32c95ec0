package dev.codeinterp.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCursorTest {

    @Test
    void shouldStartFromTheBeginningWhenNoLastEventIdIsSent() {
        assertThat(EventCursor.parse(null)).isEqualTo(EventCursor.START);
        assertThat(EventCursor.parse("  ")).isEqualTo(EventCursor.START);
    }

    @Test
    void shouldReadBackEveryIdItWrites() {
        EventCursor running = EventCursor.START.announcing(JobStatus.RUNNING, 2).at("1764955201180-7");
        EventCursor ended = running.announcing(JobStatus.TIMED_OUT, 2).ending();

        assertThat(running.id()).isEqualTo("1764955201180-7/running/2");
        assertThat(EventCursor.parse(running.id())).isEqualTo(running);
        assertThat(ended.id()).isEqualTo("1764955201180-7/timed_out/2/end");
        assertThat(EventCursor.parse(ended.id())).isEqualTo(ended);
        assertThat(EventCursor.parse(EventCursor.START.at("5-1").id())).isEqualTo(EventCursor.START.at("5-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0-0/queued", "0-0/queued/0/done", "0-0/QUEUED/0", "00-0/queued/0", "0-0/queued/01",
            "0-0/queued/-1", "0-0/queued/1000", "0-0/none/0/end/end", "0-0/queued/0\nid: 1",
            "1234567890123456789-0/queued/0"})
    void shouldRefuseAnIdItCannotHaveWritten(String lastEventId) {
        assertThatThrownBy(() -> EventCursor.parse(lastEventId)).isInstanceOf(ApiException.class)
                .hasMessage("Last-Event-ID is not an id this stream sent");
    }
}
