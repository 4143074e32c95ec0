package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionRefusals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code code_interpreter_admission_refusals_total{reason}}, {@code reason} one of {@code queue_full} (503),
 * {@code chat_busy} and {@code chat_rate_limited} (429).
 */
public final class MicrometerAdmissionRefusals implements AdmissionRefusals {

    private final Map<Admission.Outcome, Counter> counters = new EnumMap<>(Admission.Outcome.class);

    public MicrometerAdmissionRefusals(MeterRegistry registry) {
        for (Admission.Outcome outcome : Admission.Outcome.values()) {
            if (outcome != Admission.Outcome.ADMITTED) {
                counters.put(outcome, Counter.builder("code.interpreter.admission.refusals")
                        .tag("reason", outcome.name().toLowerCase(Locale.ROOT))
                        .description("Executions refused by the admission limits").register(registry));
            }
        }
    }

    @Override
    public void refused(Admission.Outcome outcome) {
        counters.get(outcome).increment();
    }
}
