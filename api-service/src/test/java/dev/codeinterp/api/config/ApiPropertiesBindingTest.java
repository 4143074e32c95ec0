package dev.codeinterp.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.ChatRateLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The APP_* environment variables of the spec bind to the api-service settings, with their documented units. */
class ApiPropertiesBindingTest {

    @Test
    void shouldBindSpecEnvironmentVariablesWithSecondsAsTheDefaultUnit() {
        ApiProperties properties = bind(Map.of(
                "APP_HTTP_LISTEN_ADDR", "0.0.0.0:9000",
                "APP_REQUIRE_CHAT_ID", "false",
                "APP_EXECUTION_TIMEOUT", "5",
                "APP_MAX_EXECUTION_TIMEOUT", "2m",
                "APP_GLOBAL_MAX_DOWNLOADS", "7",
                "APP_MAX_OUTPUT_SIZE", "2MB",
                "APP_DEFAULT_EXPIRES_IN", "30d",
                "APP_PERSISTENT_WORKSPACE_DEFAULT", "false"));

        assertThat(properties.httpListenAddr()).isEqualTo("0.0.0.0:9000");
        assertThat(properties.requireChatId()).isFalse();
        assertThat(properties.executionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.maxExecutionTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.globalMaxDownloads()).isEqualTo(7);
        assertThat(properties.executionSettings().maxOutputBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(properties.defaultExpiresIn()).isEqualTo("30d");
        assertThat(properties.persistentWorkspaceDefault()).isFalse();
    }

    @Test
    void shouldUseTheSpecDefaultsWhenNothingIsSet() {
        ApiProperties properties = bind(Map.of("UNRELATED", "x"));

        assertThat(properties.httpListenAddr()).isEqualTo("127.0.0.1:50081");
        assertThat(properties.requireChatId()).isTrue();
        assertThat(properties.executionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.maxExecutionTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(properties.executeRequestSettings().maxSourceBytes()).isEqualTo(1024 * 1024);
        assertThat(properties.executionSettings().maxOutputBytes()).isEqualTo(1024 * 1024);
        assertThat(properties.webSettings().maxRequestBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(properties.fileSizeLimitBytes()).isEqualTo(1024 * 1024 * 1024);
        assertThat(properties.globalMaxDownloads()).isZero();
        assertThat(properties.persistentWorkspaceDefault()).isTrue();
        assertThat(properties.jobResultTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.grpcSettings().enabled()).isFalse();
        assertThat(properties.grpcSettings().listenAddr()).isEqualTo("0.0.0.0:50051");
        assertThat(properties.grpcSettings().tls().enabled()).isFalse();
    }

    @Test
    void shouldBindTheGrpcSettingsAndMaskItsKeyWhenPrinted() {
        ApiProperties properties = bind(Map.of(
                "APP_GRPC_ENABLED", "true",
                "APP_GRPC_LISTEN_ADDR", "127.0.0.1:6000",
                "APP_GRPC_TLS_CERT", "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----",
                "APP_GRPC_TLS_CERT_KEY", "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----",
                "APP_GRPC_TLS_CA_CERT", "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----"));

        assertThat(properties.grpcSettings().enabled()).isTrue();
        assertThat(properties.grpcSettings().listenAddr()).isEqualTo("127.0.0.1:6000");
        assertThat(properties.grpcSettings().tls().mutual()).isTrue();
        assertThat(properties.toString()).contains("grpcTlsCertKey=***").doesNotContain("secret");
    }

    @Test
    void shouldBindAccessAndAbuseLimitSettings() {
        ApiProperties properties = bind(Map.of(
                "APP_PUBLIC_SPAWN_ENABLED", "true",
                "APP_INTERNAL_IP_ALLOWLIST", "[\"10.0.0.0/8\", \"fd00::/8\"]",
                "APP_INTERNAL_HOST_ALLOWLIST", "api.internal,api.svc",
                "APP_TRUSTED_PROXIES", "192.168.0.1",
                "APP_API_KEYS", "key-one,key-two",
                "APP_CHAT_MAX_CONCURRENT", "3",
                "APP_CHAT_RATE_LIMIT", "30/1m",
                "APP_MAX_QUEUED_JOBS", "50"));

        assertThat(properties.publicSpawnEnabled()).isTrue();
        assertThat(properties.internalIpRanges().blocks()).hasToString("[10.0.0.0/8, fd00::/8]");
        assertThat(properties.internalHosts()).containsExactly("api.internal", "api.svc");
        assertThat(properties.trustedProxyRanges().blocks()).hasToString("[192.168.0.1]");
        assertThat(properties.apiKeySet().accepts("key-two")).isTrue();
        assertThat(properties.admissionLimits()).isEqualTo(new AdmissionLimits(50, 3,
                new ChatRateLimit(30, Duration.ofMinutes(1))));
    }

    @Test
    void shouldAdmitOnlyLoopbackWithoutKeysByDefault() {
        ApiProperties properties = bind(Map.of("UNRELATED", "x"));

        assertThat(properties.publicSpawnEnabled()).isFalse();
        assertThat(properties.internalIpRanges().blocks()).hasToString("[127.0.0.0/8, ::1]");
        assertThat(properties.internalHosts()).isEmpty();
        assertThat(properties.trustedProxyRanges().isEmpty()).isTrue();
        assertThat(properties.apiKeySet().required()).isFalse();
        assertThat(properties.admissionLimits()).isEqualTo(new AdmissionLimits(1000, 10, ChatRateLimit.UNLIMITED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "APP_INTERNAL_IP_ALLOWLIST | 10.0.0.0/8,10.0.0.300",
            "APP_INTERNAL_IP_ALLOWLIST | internal.example.com",
            "APP_TRUSTED_PROXIES | 10.0.0.1/40",
            "APP_INTERNAL_HOST_ALLOWLIST | api internal",
            "APP_API_KEYS | a,,b",
            "APP_CHAT_RATE_LIMIT | lots",
            "APP_CHAT_MAX_CONCURRENT | -1",
            "APP_MAX_QUEUED_JOBS | -5"})
    void shouldFailNamingTheVariableWhenASettingIsMalformed(String variable, String value) {
        assertThatThrownBy(() -> bind(Map.of(variable, value))).hasStackTraceContaining(variable);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "APP_MAX_REQUEST_SIZE | 10Mi", "APP_MAX_REQUEST_SIZE | 10MB", "APP_MAX_REQUEST_SIZE | 10485760",
            "APP_MAX_SOURCE_SIZE | 10Mi", "APP_MAX_SOURCE_SIZE | 10240KB", "APP_MAX_OUTPUT_SIZE | 10MiB",
            "APP_FILE_SIZE_LIMIT | 10MB", "APP_FILE_SIZE_LIMIT | 10Mi"})
    void shouldReadEverySizeSettingWithTheSameSyntax(String variable, String value) {
        ApiProperties properties = bind(Map.of(variable, value));

        long tenMebibytes = 10L * 1024 * 1024;
        long bytes = switch (variable) {
            case "APP_MAX_REQUEST_SIZE" -> properties.webSettings().maxRequestBodyBytes();
            case "APP_MAX_SOURCE_SIZE" -> properties.executeRequestSettings().maxSourceBytes();
            case "APP_MAX_OUTPUT_SIZE" -> properties.executionSettings().maxOutputBytes();
            default -> properties.fileSizeLimitBytes();
        };
        assertThat(bytes).isEqualTo(tenMebibytes);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "APP_MAX_REQUEST_SIZE | 10 apples", "APP_MAX_SOURCE_SIZE | 1mb", "APP_MAX_OUTPUT_SIZE | 3Gi",
            "APP_FILE_SIZE_LIMIT | -1"})
    void shouldFailNamingTheVariableAndTheValueWhenASizeIsMalformed(String variable, String value) {
        assertThatThrownBy(() -> bind(Map.of(variable, value))).hasStackTraceContaining(variable)
                .hasStackTraceContaining(value);
    }

    @Test
    void shouldNeverPrintTheApiKeys() {
        ApiProperties properties = bind(Map.of("APP_API_KEYS", "very-secret-key", "APP_MAX_QUEUED_JOBS", "7"));

        assertThat(properties.toString()).doesNotContain("very-secret-key").contains("apiKeys=***")
                .contains("maxQueuedJobs=7");
    }

    private static ApiProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("app", ApiProperties.class);
    }
}
