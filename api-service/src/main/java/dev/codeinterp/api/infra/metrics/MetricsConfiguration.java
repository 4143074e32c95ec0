package dev.codeinterp.api.infra.metrics;

import dev.codeinterp.api.jobs.EventStreamSlots;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The api's own counters, behind the ports the features tell. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    MicrometerAdmissionRefusals admissionRefusals(MeterRegistry registry) {
        return new MicrometerAdmissionRefusals(registry);
    }

    @Bean
    MicrometerEventStreamRefusals eventStreamRefusals(MeterRegistry registry) {
        return new MicrometerEventStreamRefusals(registry);
    }

    /** {@code code_interpreter_event_streams_open}: the event streams open on this replica. */
    @Bean
    Gauge openEventStreams(MeterRegistry registry, EventStreamSlots streams) {
        return Gauge.builder("code.interpreter.event.streams.open", streams, EventStreamSlots::openCount)
                .description("Event streams open on this replica").register(registry);
    }

    @Bean
    MicrometerDownloadDenials downloadDenials(MeterRegistry registry) {
        return new MicrometerDownloadDenials(registry);
    }
}
