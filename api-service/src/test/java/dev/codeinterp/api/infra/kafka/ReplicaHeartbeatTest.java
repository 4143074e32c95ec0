package dev.codeinterp.api.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.replica.InMemoryReplicaRegistry;
import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;

class ReplicaHeartbeatTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final InMemoryReplicaRegistry registry = new InMemoryReplicaRegistry();

    @Test
    void shouldRegisterTheReplicaWhenRegistered() {
        new ReplicaHeartbeat(registry, "api-1", Clock.fixed(NOW, ZoneOffset.UTC)).register();

        assertThat(registry.lastHeartbeats()).containsEntry("api-1", NOW);
    }

    @Test
    void shouldRefreshTheLastHeartbeatWhenItBeats() {
        registry.heartbeat("api-1", NOW.minusSeconds(30));

        new ReplicaHeartbeat(registry, "api-1", Clock.fixed(NOW, ZoneOffset.UTC)).beat();

        assertThat(registry.lastHeartbeats()).containsEntry("api-1", NOW);
    }

    @Test
    void shouldRunTheTaskAfterEachBeatEvenWhenTheHeartbeatFailed() {
        AtomicInteger checks = new AtomicInteger();
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(registry, "api-1", Clock.fixed(NOW, ZoneOffset.UTC));
        ReplicaHeartbeat failing = new ReplicaHeartbeat(registry, "api-2", new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("the heartbeat fails");
            }
        });
        heartbeat.alsoEachBeat(checks::incrementAndGet);
        failing.alsoEachBeat(checks::incrementAndGet);

        heartbeat.beat();
        failing.beat();

        assertThat(checks).hasValue(2);
        assertThat(registry.lastHeartbeats()).containsOnlyKeys("api-1");
    }

    @Test
    void shouldMarkTheReplicaGoneWhenItStops() {
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(registry, "api-1", Clock.fixed(NOW, ZoneOffset.UTC));
        heartbeat.register();
        heartbeat.start();

        heartbeat.stop();

        assertThat(heartbeat.isRunning()).isFalse();
        assertThat(registry.lastHeartbeats()).containsEntry("api-1", ReplicaRegistry.GONE);
    }

    @Test
    void shouldStopAfterTheWebServerAndBeforeTheRedisConnectionWhenTheContextCloses() {
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(registry, "api-1", Clock.fixed(NOW, ZoneOffset.UTC));

        // Higher phases stop first: the web server stops at DEFAULT_PHASE - 2048, Lettuce's connection factory at 0.
        assertThat(heartbeat.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048).isGreaterThan(0);
    }
}
