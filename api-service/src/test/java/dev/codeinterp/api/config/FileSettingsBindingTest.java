package dev.codeinterp.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The upload settings: APP_FILE_SIZE_LIMIT in Kubernetes quantity syntax, shared with the worker. */
class FileSettingsBindingTest {

    @Test
    void shouldDefaultToOneGibibyteAndTheJvmTemporaryDirectory() {
        ApiProperties properties = bind(Map.of("UNRELATED", "x"));

        assertThat(properties.fileSizeLimitBytes()).isEqualTo(1L << 30);
        assertThat(properties.uploadTempDir()).isEmpty();
    }

    @Test
    void shouldReadKubernetesQuantitiesAndTheStagingDirectory() {
        ApiProperties properties = bind(Map.of("APP_FILE_SIZE_LIMIT", "64Mi", "APP_UPLOAD_TEMP_DIR", "/var/tmp/up"));

        assertThat(properties.fileSizeLimitBytes()).isEqualTo(64L << 20);
        assertThat(properties.uploadTempDir()).isEqualTo("/var/tmp/up");
    }

    @Test
    void shouldRefuseToStartWithAnInvalidSize() {
        assertThatThrownBy(() -> bind(Map.of("APP_FILE_SIZE_LIMIT", "lots")))
                .rootCause().hasMessageContaining("APP_FILE_SIZE_LIMIT");
    }

    private static ApiProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("app", ApiProperties.class);
    }
}
