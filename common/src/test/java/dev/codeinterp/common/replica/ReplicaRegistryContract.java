package dev.codeinterp.common.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReplicaRegistry} must do; each adapter's test extends it. */
public abstract class ReplicaRegistryContract {

    protected static final Instant NOW = Instant.parse("2030-01-01T12:00:00.123Z");

    protected ReplicaRegistry registry;

    /** An empty registry. */
    protected abstract ReplicaRegistry newRegistry();

    @BeforeEach
    void setUp() {
        registry = newRegistry();
    }

    @Test
    void shouldListTheLastHeartbeatOfEachReplicaToTheMillisecond() {
        registry.heartbeat("a", NOW.minusSeconds(5));
        registry.heartbeat("a", NOW);
        registry.heartbeat("b", NOW.minusSeconds(1));

        assertThat(registry.lastHeartbeats()).containsOnly(
                java.util.Map.entry("a", NOW), java.util.Map.entry("b", NOW.minusSeconds(1)));
    }

    @Test
    void shouldShowAReplicaSilentSinceTheEpochWhenItIsMarkedGone() {
        registry.heartbeat("a", NOW);
        registry.heartbeat("b", NOW);

        registry.markGone("a");

        assertThat(registry.lastHeartbeats()).containsOnly(
                java.util.Map.entry("a", ReplicaRegistry.GONE), java.util.Map.entry("b", NOW));
        assertThat(registry.removeIfSilentSince("a", NOW.minusSeconds(600))).isTrue();
    }

    @Test
    void shouldNotOverwriteAHeartbeatWhenRegisteringIfAbsent() {
        registry.heartbeat("a", NOW);

        assertThat(registry.registerIfAbsent("a", NOW.minusSeconds(60))).isFalse();
        assertThat(registry.registerIfAbsent("b", NOW.minusSeconds(60))).isTrue();

        assertThat(registry.lastHeartbeats()).containsEntry("a", NOW).containsEntry("b", NOW.minusSeconds(60));
    }

    @Test
    void shouldRemoveAReplicaOnlyWhenSilentSinceTheCutoff() {
        registry.heartbeat("silent", NOW.minus(Duration.ofMinutes(11)));
        registry.heartbeat("alive", NOW.minusSeconds(3));

        Instant cutoff = NOW.minus(Duration.ofMinutes(10));
        assertThat(registry.removeIfSilentSince("alive", cutoff)).isFalse();
        assertThat(registry.removeIfSilentSince("silent", cutoff)).isTrue();
        assertThat(registry.removeIfSilentSince("unknown", cutoff)).isFalse();

        assertThat(registry.lastHeartbeats()).containsOnlyKeys("alive");
    }

    @Test
    void shouldKeepAReplicaWhoseHeartbeatIsExactlyAtTheCutoff() {
        registry.heartbeat("a", NOW);

        assertThat(registry.removeIfSilentSince("a", NOW)).isFalse();
        assertThat(registry.removeIfSilentSince("a", NOW.plusMillis(1))).isTrue();
    }
}
