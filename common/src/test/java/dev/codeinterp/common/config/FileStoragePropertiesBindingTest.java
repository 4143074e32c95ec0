package dev.codeinterp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The APP_FILE_STORAGE_* environment variables of the spec bind to {@link FileStorageProperties}. */
class FileStoragePropertiesBindingTest {

    @Test
    void shouldBindSpecEnvironmentVariablesWhenSet() {
        FileStorageProperties properties = bind(Map.of(
                "APP_FILE_STORAGE_BACKEND", "filesystem",
                "APP_FILE_STORAGE_PATH", "/var/lib/code-interpreter"));

        assertThat(properties.fileStorageBackend()).isEqualTo(FileStorageProperties.FILESYSTEM);
        assertThat(properties.fileStoragePath()).isEqualTo("/var/lib/code-interpreter");
    }

    @Test
    void shouldUseTheSpecDefaultsWhenNothingIsSet() {
        FileStorageProperties properties = bind(Map.of("UNRELATED", "x"));

        assertThat(properties.fileStorageBackend()).isEqualTo("s3");
        assertThat(properties.fileStoragePath()).isEqualTo("/tmp/code_interp");
    }

    @Test
    void shouldFailNamingTheVariableWhenBackendIsUnknown() {
        assertThatThrownBy(() -> bind(Map.of("APP_FILE_STORAGE_BACKEND", "gcs")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("APP_FILE_STORAGE_BACKEND must be 's3' or 'filesystem', got 'gcs'");
    }

    @Test
    void shouldFailNamingTheVariableWhenFilesystemPathIsBlank() {
        assertThatThrownBy(() -> bind(Map.of("APP_FILE_STORAGE_BACKEND", "filesystem", "APP_FILE_STORAGE_PATH", " ")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("APP_FILE_STORAGE_PATH");
    }

    private static FileStorageProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("app", FileStorageProperties.class);
    }
}
