package dev.codeinterp.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class EventStreamSlotsTest {

    private final AdvancingClock clock = new AdvancingClock(Instant.parse("2030-01-01T12:00:00Z"));
    private final List<EventStreamSlots.Refusal> refused = new ArrayList<>();

    @Test
    void shouldRefuseAStreamOfAChatThatHasItsLimitWith429UntilOneCloses() {
        EventStreamSlots streams = slots(10, 2);
        EventStreamSlots.Slot first = streams.take("chat");
        streams.take("chat");

        assertThatThrownBy(() -> streams.take("chat")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.getMessage()).isEqualTo("Chat chat already has 2 event streams open; try again when one "
                    + "ends");
        });
        assertThat(streams.take("other")).as("another chat is not limited by this one").isNotNull();
        first.close();
        assertThat(streams.take("chat")).isNotNull();
        assertThat(refused).containsExactly(EventStreamSlots.Refusal.CHAT_FULL);
    }

    @Test
    void shouldRefuseAnyStreamWith503WhenTheReplicaHasItsLimit() {
        EventStreamSlots streams = slots(2, 0);
        streams.take("a");
        EventStreamSlots.Slot second = streams.take("b");

        assertThatThrownBy(() -> streams.take("c")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.getMessage()).isEqualTo("Too many event streams are open (2); try again later");
        });
        second.close();
        second.close();
        assertThat(streams.openCount()).as("closing twice gives back one slot").isOne();
        assertThat(streams.take("c")).isNotNull();
        assertThat(refused).containsExactly(EventStreamSlots.Refusal.REPLICA_FULL);
    }

    @Test
    void shouldLimitNothingWhenTheLimitsAreZero() {
        EventStreamSlots streams = slots(0, 0);

        for (int i = 0; i < 5_000; i++) {
            streams.take("chat");
        }

        assertThat(streams.openCount()).isEqualTo(5_000);
        assertThat(refused).isEmpty();
    }

    @Test
    void shouldStopCountingASlotNobodyTouchedAndCountItAgainWhenItsStreamPolls() {
        EventStreamSlots streams = slots(1, 0);
        EventStreamSlots.Slot abandoned = streams.take("chat");
        clock.advance(EventStreamSlots.STALE.minusSeconds(1));
        abandoned.touch();
        clock.advance(EventStreamSlots.STALE.minusSeconds(1));
        assertThatThrownBy(() -> streams.take("chat")).as("touched within the last 10 s").isInstanceOf(
                ApiException.class);

        clock.advance(Duration.ofSeconds(2));
        EventStreamSlots.Slot next = streams.take("chat");
        assertThat(streams.openCount()).isOne();

        abandoned.touch();
        assertThat(streams.openCount()).as("the stream polled again: it is open after all").isEqualTo(2);
        next.close();
        abandoned.close();
        abandoned.touch();
        assertThat(streams.openCount()).as("a closed slot never counts again").isZero();
    }

    @Test
    void shouldRefuseNegativeLimits() {
        assertThatThrownBy(() -> slots(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slots(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobsSettings(100, -1, 0)).hasMessageContaining("APP_MAX_EVENT_STREAMS");
        assertThatThrownBy(() -> new JobsSettings(100, 0, -1)).hasMessageContaining("APP_CHAT_MAX_EVENT_STREAMS");
        assertThatThrownBy(() -> new JobsSettings(0, 0, 0)).hasMessageContaining("APP_MAX_BATCH_SIZE");
    }

    private EventStreamSlots slots(int max, int chatMax) {
        return new EventStreamSlots(max, chatMax, refused::add, clock);
    }
}
