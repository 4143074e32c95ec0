package dev.codeinterp.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One counter per value of an enum, tagged with the value's name in lower case (e.g. {@code reason="queue_full"}), all
 * registered at once so that each series exists, at 0, before its first event.
 */
public final class EnumCounters<E extends Enum<E>> {

    private final Map<E, Counter> counters;

    /** @param values the values counted, at least one (each gets its series) */
    public EnumCounters(MeterRegistry registry, String name, String description, String tag, Set<E> values) {
        Map<E, Counter> byValue = new EnumMap<>(values.iterator().next().getDeclaringClass());
        for (E value : values) {
            byValue.put(value, Counter.builder(name).tag(tag, value.name().toLowerCase(Locale.ROOT))
                    .description(description).register(registry));
        }
        this.counters = byValue;
    }

    public void increment(E value) {
        counters.get(value).increment();
    }
}
