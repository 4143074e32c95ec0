package dev.codeinterp.janitor.kubernetes;

import static dev.codeinterp.common.sandbox.ExecutorPods.LEASED;
import static dev.codeinterp.common.sandbox.ExecutorPods.WARM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.janitor.sweep.OrphanPodSweeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The janitor reaps orphan and over-leased executor pods through the fabric8 adapter, against the API mock. */
class OrphanPodSweeperIT {

    private static final String NAMESPACE = "sandboxes";
    private static final Duration MAX_LEASE = Duration.ofSeconds(600 + 60 + 120);

    private final Clock clock = Clock.systemUTC();
    private final MockCluster cluster = new MockCluster();
    private final KubernetesExecutorPodInventory inventory =
            new KubernetesExecutorPodInventory(cluster.client(), NAMESPACE);

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void shouldDeleteExactlyTheOrphanAndOverLeasedPodsWhenAWorkerIsGone() {
        Instant now = clock.instant();
        cluster.worker(NAMESPACE, "worker-a");
        cluster.worker(NAMESPACE, "worker-b");
        cluster.executor(NAMESPACE, "exec-a-warm", "worker-a", WARM, null);
        cluster.executor(NAMESPACE, "exec-a-leased", "worker-a", LEASED, now.minusSeconds(30).toString());
        cluster.executor(NAMESPACE, "exec-a-over-leased", "worker-a", LEASED,
                now.minus(MAX_LEASE).minusSeconds(1).toString());
        cluster.executor(NAMESPACE, "exec-b-warm", "worker-b", WARM, null);
        cluster.executor(NAMESPACE, "exec-b-leased", "worker-b", LEASED, now.minusSeconds(30).toString());
        cluster.delete(NAMESPACE, "worker-b");

        int deleted = new OrphanPodSweeper(inventory, MAX_LEASE, 10).sweepOnce(now);

        assertThat(deleted).isEqualTo(3);
        assertThat(cluster.podNames(NAMESPACE))
                .containsExactlyInAnyOrder("worker-a", "exec-a-warm", "exec-a-leased");
    }

    @Test
    void shouldDeleteALeasedPodByItsAgeWhenItsLeasedAtIsGarbled() {
        cluster.worker(NAMESPACE, "worker-a");
        cluster.executor(NAMESPACE, "exec-garbled", "worker-a", LEASED, "not-a-time");
        cluster.executor(NAMESPACE, "exec-missing", "worker-a", LEASED, null);
        cluster.executor(NAMESPACE, "exec-warm", "worker-a", WARM, null);
        OrphanPodSweeper sweeper = new OrphanPodSweeper(inventory, MAX_LEASE, 10);

        assertThat(sweeper.sweepOnce(clock.instant())).isZero();
        assertThat(sweeper.sweepOnce(clock.instant().plus(MAX_LEASE).plusSeconds(60))).isEqualTo(2);
        assertThat(cluster.podNames(NAMESPACE)).containsExactlyInAnyOrder("worker-a", "exec-warm");
    }

    @Test
    void shouldRespectTheBatchLimitAndFinishNextRoundWhenManyPodsAreOrphaned() {
        for (int i = 0; i < 5; i++) {
            cluster.executor(NAMESPACE, "exec-" + i, "worker-gone", WARM, null);
        }
        OrphanPodSweeper sweeper = new OrphanPodSweeper(inventory, MAX_LEASE, 3);

        assertThat(sweeper.sweepOnce(clock.instant())).isEqualTo(3);
        assertThat(cluster.podNames(NAMESPACE)).hasSize(2);
        assertThat(sweeper.sweepOnce(clock.instant())).isEqualTo(2);
        assertThat(cluster.podNames(NAMESPACE)).isEmpty();
        assertThat(sweeper.sweepOnce(clock.instant())).isZero();
    }
}
