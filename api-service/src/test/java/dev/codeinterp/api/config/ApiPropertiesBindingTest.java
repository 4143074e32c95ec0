package dev.codeinterp.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

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
        assertThat(properties.maxOutputSize()).isEqualTo(DataSize.ofMegabytes(2));
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
        assertThat(properties.maxSourceSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.maxOutputSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.globalMaxDownloads()).isZero();
        assertThat(properties.persistentWorkspaceDefault()).isTrue();
        assertThat(properties.jobResultTtl()).isEqualTo(Duration.ofHours(24));
    }

    private static ApiProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("app", ApiProperties.class);
    }
}
