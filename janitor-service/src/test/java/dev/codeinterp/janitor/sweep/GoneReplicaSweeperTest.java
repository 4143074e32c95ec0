package dev.codeinterp.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.common.replica.InMemoryReplicaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GoneReplicaSweeperTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final InMemoryReplicaRegistry registry = new InMemoryReplicaRegistry();
    private final InMemoryResources resources = new InMemoryResources();
    private final GoneReplicaSweeper sweeper = new GoneReplicaSweeper(registry, resources, GRACE, 2);

    @Test
    void shouldDeleteTheResourcesOfAReplicaWhenItsHeartbeatIsOlderThanTheGrace() {
        resources.ids.add("gone");
        registry.heartbeat("gone", NOW.minus(GRACE).minusMillis(1));

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);

        assertThat(resources.deleted).containsExactly("gone");
        assertThat(registry.lastHeartbeats()).doesNotContainKey("gone");
    }

    @Test
    void shouldKeepTheResourcesOfAReplicaWhenItsHeartbeatIsWithinTheGrace() {
        resources.ids.addAll(List.of("live", "edge"));
        registry.heartbeat("live", NOW.minusSeconds(3));
        registry.heartbeat("edge", NOW.minus(GRACE));

        assertThat(sweeper.sweepOnce(NOW)).isZero();

        assertThat(resources.deleted).isEmpty();
        assertThat(registry.lastHeartbeats()).containsOnlyKeys("live", "edge");
    }

    @Test
    void shouldStartTheGraceAtFirstSightWhenATopicHasNoHeartbeatEntry() {
        resources.ids.add("older-version");

        assertThat(sweeper.sweepOnce(NOW)).isZero();
        assertThat(sweeper.sweepOnce(NOW.plus(GRACE))).isZero();
        assertThat(resources.deleted).isEmpty();
        assertThat(registry.lastHeartbeats()).containsEntry("older-version", NOW);

        assertThat(sweeper.sweepOnce(NOW.plus(GRACE).plusSeconds(1))).isEqualTo(1);
        assertThat(resources.deleted).containsExactly("older-version");
    }

    @Test
    void shouldForgetAStaleEntryWhenItsReplicaLeftNothingBehind() {
        registry.heartbeat("stale", NOW.minus(GRACE).minusSeconds(1));
        registry.heartbeat("recent", NOW.minusSeconds(1));

        sweeper.sweepOnce(NOW);

        assertThat(registry.lastHeartbeats()).containsOnlyKeys("recent");
        assertThat(resources.deleted).isEmpty();
    }

    @Test
    void shouldDeleteAtMostOneBatchWhenManyReplicasAreGone() {
        for (String id : List.of("a", "b", "c")) {
            resources.ids.add(id);
            registry.heartbeat(id, NOW.minus(Duration.ofHours(1)));
        }

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(2);
        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);

        assertThat(resources.deleted).containsExactly("a", "b", "c");
    }

    @Test
    void shouldPutTheEntryBackWhenTheDeletionFails() {
        resources.ids.add("gone");
        Instant seen = NOW.minus(Duration.ofHours(1));
        registry.heartbeat("gone", seen);
        resources.failing = true;

        assertThatThrownBy(() -> sweeper.sweepOnce(NOW)).isInstanceOf(IllegalStateException.class);

        assertThat(registry.lastHeartbeats()).containsEntry("gone", seen);
        resources.failing = false;
        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);
        assertThat(resources.deleted).containsExactly("gone");
    }

    private static final class InMemoryResources implements ReplicaResources {

        final Set<String> ids = new TreeSet<>();
        final List<String> deleted = new ArrayList<>();
        boolean failing;

        @Override
        public Set<String> replicaIds() {
            return Set.copyOf(ids);
        }

        @Override
        public void delete(String replicaId) {
            if (failing) {
                throw new IllegalStateException("broker unreachable");
            }
            ids.remove(replicaId);
            deleted.add(replicaId);
        }
    }
}
