package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.files.DownloadDenials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** {@code code_interpreter_download_denials_total{reason="no_grant|not_stored"}}. */
public final class MicrometerDownloadDenials implements DownloadDenials {

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    public MicrometerDownloadDenials(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("code.interpreter.download.denials")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Downloads refused (all answered 404)").register(registry));
        }
    }

    @Override
    public void denied(Reason reason) {
        counters.get(reason).increment();
    }
}
