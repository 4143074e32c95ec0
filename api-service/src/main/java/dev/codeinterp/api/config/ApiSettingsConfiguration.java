package dev.codeinterp.api.config;

import dev.codeinterp.api.access.AccessSettings;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.api.execution.ExecuteRequestSettings;
import dev.codeinterp.api.execution.ExecutionSettings;
import dev.codeinterp.api.files.FileSettings;
import dev.codeinterp.api.grpc.GrpcSettings;
import dev.codeinterp.api.jobs.JobsSettings;
import dev.codeinterp.api.tools.ToolSettings;
import dev.codeinterp.api.web.WebSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code app.*} once ({@link ApiProperties}) and hands each feature its own small settings record, so the
 * features' configurations never see the whole binding.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiSettingsConfiguration {

    @Bean
    AccessSettings accessSettings(ApiProperties properties) {
        return properties.accessSettings();
    }

    @Bean
    AdmissionLimits admissionLimits(ApiProperties properties) {
        return properties.admissionLimits();
    }

    @Bean
    FileSettings fileSettings(ApiProperties properties) {
        return properties.fileSettings();
    }

    @Bean
    ExecuteRequestSettings executeRequestSettings(ApiProperties properties) {
        return properties.executeRequestSettings();
    }

    @Bean
    ExecutionSettings executionSettings(ApiProperties properties) {
        return properties.executionSettings();
    }

    @Bean
    ExpiryPolicy expiryPolicy(ApiProperties properties) {
        return properties.expiryPolicy();
    }

    @Bean
    GrpcSettings grpcSettings(ApiProperties properties) {
        return properties.grpcSettings();
    }

    @Bean
    JobsSettings jobsSettings(ApiProperties properties) {
        return properties.jobsSettings();
    }

    @Bean
    ToolSettings toolSettings(ApiProperties properties) {
        return properties.toolSettings();
    }

    @Bean
    WebSettings webSettings(ApiProperties properties) {
        return properties.webSettings();
    }
}
