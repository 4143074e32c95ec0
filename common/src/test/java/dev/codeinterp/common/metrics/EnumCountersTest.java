package dev.codeinterp.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class EnumCountersTest {

    enum Reason { QUEUE_FULL, CHAT_BUSY, ADMITTED }

    @Test
    void shouldRegisterASeriesAtZeroPerValueAndCountEachApart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EnumCounters<Reason> counters = new EnumCounters<>(registry, "refusals", "test", "reason",
                EnumSet.of(Reason.QUEUE_FULL, Reason.CHAT_BUSY));

        counters.increment(Reason.CHAT_BUSY);
        counters.increment(Reason.CHAT_BUSY);

        assertThat(registry.get("refusals").tag("reason", "queue_full").counter().count()).isZero();
        assertThat(registry.get("refusals").tag("reason", "chat_busy").counter().count()).isEqualTo(2);
        assertThat(registry.find("refusals").tag("reason", "admitted").counter()).isNull();
    }
}
