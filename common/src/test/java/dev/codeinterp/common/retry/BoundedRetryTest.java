package dev.codeinterp.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedRetryTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicInteger tries = new AtomicInteger();
    private final BoundedRetry retry = new BoundedRetry(5, Duration.ofMillis(100), Duration.ofMillis(300),
            e -> e instanceof IllegalStateException, pauses::add);

    @Test
    void shouldReturnAtOnceWhenTheFirstTrySucceeds() {
        assertThat(retry.call("read", () -> "value")).isEqualTo("value");

        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldTryAgainWithDoublingPausesWhenFailuresAreRetryable() {
        String value = retry.call("read", failingTimes(3));

        assertThat(value).isEqualTo("value");
        assertThat(tries).hasValue(4);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void shouldGiveUpWithTheLastFailureWhenEveryTryFails() {
        assertThatThrownBy(() -> retry.call("record the result", failingTimes(10)))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageStartingWith("Could not record the result in 5 tries")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(5);
        assertThat(pauses).hasSize(4);
        assertThat(retry.totalPause()).isEqualTo(Duration.ofMillis(100 + 200 + 300 + 300));
    }

    @Test
    void shouldThrowAtOnceWhenTheFailureIsNotRetryable() {
        assertThatThrownBy(() -> retry.call("read", () -> {
            tries.incrementAndGet();
            throw new IllegalArgumentException("a bug");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(tries).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldGiveUpAndKeepTheInterruptWhenInterruptedInAPause() {
        BoundedRetry interrupted = new BoundedRetry(5, Duration.ofMillis(100), Duration.ofMillis(300),
                e -> true, pause -> {
                    throw new InterruptedException();
                });
        try {
            assertThatThrownBy(() -> interrupted.call("read", failingTimes(10)))
                    .isInstanceOf(RetriesExhaustedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldRefuseBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new BoundedRetry(0, Duration.ZERO, Duration.ZERO, e -> true, pauses::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedRetry(2, Duration.ofSeconds(2), Duration.ofSeconds(1), e -> true,
                pauses::add)).isInstanceOf(IllegalArgumentException.class);
    }

    private java.util.function.Supplier<String> failingTimes(int failures) {
        return () -> {
            if (tries.incrementAndGet() <= failures) {
                throw new IllegalStateException("connection refused");
            }
            return "value";
        };
    }
}
