package dev.codeinterp.api.infra.metrics;

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
    MicrometerDownloadDenials downloadDenials(MeterRegistry registry) {
        return new MicrometerDownloadDenials(registry);
    }
}
