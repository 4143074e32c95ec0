package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.files.DownloadDenials;
import dev.codeinterp.common.metrics.EnumCounters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;

/** {@code code_interpreter_download_denials_total{reason="no_grant|not_stored"}}. */
public final class MicrometerDownloadDenials implements DownloadDenials {

    private final EnumCounters<Reason> counters;

    public MicrometerDownloadDenials(MeterRegistry registry) {
        counters = new EnumCounters<>(registry, "code.interpreter.download.denials",
                "Downloads refused (all answered 404)", "reason", EnumSet.allOf(Reason.class));
    }

    @Override
    public void denied(Reason reason) {
        counters.increment(reason);
    }
}
