package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionRefusals;
import dev.codeinterp.common.metrics.EnumCounters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;

/**
 * {@code code_interpreter_admission_refusals_total{reason}}, {@code reason} one of {@code queue_full} (503),
 * {@code chat_busy} and {@code chat_rate_limited} (429).
 */
public final class MicrometerAdmissionRefusals implements AdmissionRefusals {

    private final EnumCounters<Admission.Outcome> counters;

    public MicrometerAdmissionRefusals(MeterRegistry registry) {
        counters = new EnumCounters<>(registry, "code.interpreter.admission.refusals",
                "Executions refused by the admission limits", "reason",
                EnumSet.complementOf(EnumSet.of(Admission.Outcome.ADMITTED)));
    }

    @Override
    public void refused(Admission.Outcome outcome) {
        counters.increment(outcome);
    }
}
