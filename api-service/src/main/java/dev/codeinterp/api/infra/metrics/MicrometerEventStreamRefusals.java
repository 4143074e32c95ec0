package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.jobs.EventStreamSlots;
import dev.codeinterp.common.metrics.EnumCounters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;

/**
 * {@code code_interpreter_event_stream_refusals_total{reason}}, {@code reason} one of {@code replica_full} (503) and
 * {@code chat_full} (429).
 */
public final class MicrometerEventStreamRefusals implements EventStreamSlots.Refusals {

    private final EnumCounters<EventStreamSlots.Refusal> counters;

    public MicrometerEventStreamRefusals(MeterRegistry registry) {
        counters = new EnumCounters<>(registry, "code.interpreter.event.stream.refusals",
                "Event streams refused by the stream limits", "reason", EnumSet.allOf(EventStreamSlots.Refusal.class));
    }

    @Override
    public void refused(EventStreamSlots.Refusal refusal) {
        counters.increment(refusal);
    }
}
