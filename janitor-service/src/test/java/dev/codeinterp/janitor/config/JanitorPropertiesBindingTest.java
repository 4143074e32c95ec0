package dev.codeinterp.janitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The janitor's APP_* environment variables bind to {@link JanitorProperties}. */
class JanitorPropertiesBindingTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        JanitorProperties properties = bind(Map.of("UNRELATED", "x"));

        assertThat(properties.janitorInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.janitorBatchSize()).isEqualTo(500);
        assertThat(properties.orphanGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.executorBackend()).isEqualTo("local");
        assertThat(properties.executorNamespace()).isEmpty();
        assertThat(properties.maxLeaseDuration()).isEqualTo(Duration.ofSeconds(600 + 60 + 120));
        assertThat(properties.replicaGoneGrace()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldReadReplicaGoneGraceAsSecondsWhenItHasNoUnit() {
        assertThat(bind(Map.of("APP_REPLICA_GONE_GRACE", "90")).replicaGoneGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bind(Map.of("APP_REPLICA_GONE_GRACE", "1h")).replicaGoneGrace()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldFailNamingTheVariableWhenReplicaGoneGraceIsShorterThanSixHeartbeats() {
        assertThatThrownBy(() -> bind(Map.of("APP_REPLICA_GONE_GRACE", "10s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("APP_REPLICA_GONE_GRACE");
    }

    @Test
    void shouldReapPodsLeasedPastMaxTimeoutPlusGracePlusTwoMinutesWhenBothAreSet() {
        JanitorProperties properties = bind(Map.of("APP_EXECUTOR_BACKEND", "kubernetes",
                "APP_EXECUTOR_NAMESPACE", "sandboxes", "APP_MAX_EXECUTION_TIMEOUT", "5m", "APP_RESULT_GRACE", "30"));

        assertThat(properties.executorNamespace()).isEqualTo("sandboxes");
        assertThat(properties.maxLeaseDuration()).isEqualTo(Duration.ofSeconds(300 + 30 + 120));
    }

    @Test
    void shouldFailNamingTheVariableWhenTheExecutorBackendIsUnknown() {
        assertThatThrownBy(() -> bind(Map.of("APP_EXECUTOR_BACKEND", "docker")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("APP_EXECUTOR_BACKEND");
    }

    @Test
    void shouldReadOrphanGraceAsSecondsWhenItHasNoUnit() {
        assertThat(bind(Map.of("APP_ORPHAN_GRACE", "90")).orphanGrace()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldReadOrphanGraceWithUnitWhenGiven() {
        assertThat(bind(Map.of("APP_ORPHAN_GRACE", "2d")).orphanGrace()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void shouldFailNamingTheVariableWhenOrphanGraceIsNegative() {
        assertThatThrownBy(() -> bind(Map.of("APP_ORPHAN_GRACE", "-5")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("APP_ORPHAN_GRACE");
    }

    @Test
    void shouldFailNamingTheVariableWhenBatchSizeIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("APP_JANITOR_BATCH_SIZE", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("APP_JANITOR_BATCH_SIZE");
    }

    private static JanitorProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("environment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("app", JanitorProperties.class);
    }
}
