package dev.codeinterp.janitor.sweep;

import static dev.codeinterp.common.sandbox.ExecutorPods.LEASED;
import static dev.codeinterp.common.sandbox.ExecutorPods.WARM;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which executor pods the janitor reaps, with time given by a fixed clock. */
class OrphanPodSweeperTest {

    private static final Duration MAX_LEASE = Duration.ofSeconds(600 + 60 + 120);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

    private final InMemoryExecutorPodInventory inventory = new InMemoryExecutorPodInventory().withWorker("worker-a");
    private final OrphanPodSweeper sweeper = new OrphanPodSweeper(inventory, MAX_LEASE, 10);

    @Test
    void shouldKeepWarmAndFreshlyLeasedPodsWhenTheirWorkerIsAlive() {
        inventory.withPod(warm("exec-warm", "worker-a"))
                .withPod(leased("exec-leased", "worker-a", ago(MAX_LEASE).toString(), ago(Duration.ofHours(5))));

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isZero();
        assertThat(inventory.podNames()).containsExactlyInAnyOrder("exec-warm", "exec-leased");
    }

    @Test
    void shouldDeleteWarmAndLeasedPodsWhenTheirWorkerIsGone() {
        inventory.withWorker("worker-b")
                .withPod(warm("exec-a", "worker-a"))
                .withPod(warm("exec-b-warm", "worker-b"))
                .withPod(leased("exec-b-leased", "worker-b", ago(Duration.ofSeconds(5)).toString(), ago(MAX_LEASE)));
        inventory.removeWorker("worker-b");

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isEqualTo(2);
        assertThat(inventory.podNames()).containsExactly("exec-a");
    }

    @Test
    void shouldDeleteALeasedPodWhenLeasedLongerThanTheLimit() {
        inventory.withPod(leased("exec-old", "worker-a", ago(MAX_LEASE.plusSeconds(1)).toString(), ago(MAX_LEASE)));

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isEqualTo(1);
        assertThat(inventory.podNames()).isEmpty();
    }

    @Test
    void shouldJudgeByCreationTimeWhenLeasedAtIsGarbledOrMissing() {
        inventory.withPod(leased("exec-garbled-old", "worker-a", "yesterday", ago(MAX_LEASE.plusSeconds(1))))
                .withPod(leased("exec-missing-old", "worker-a", null, ago(MAX_LEASE.plusSeconds(1))))
                .withPod(leased("exec-garbled-new", "worker-a", "yesterday", ago(MAX_LEASE)))
                .withPod(leased("exec-no-times", "worker-a", null, null));

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isEqualTo(2);
        assertThat(inventory.podNames()).containsExactlyInAnyOrder("exec-garbled-new", "exec-no-times");
    }

    @Test
    void shouldKeepAnOldWarmPodWhenItsWorkerIsAlive() {
        inventory.withPod(new ExecutorPod("exec-old-warm", "worker-a", WARM, ago(Duration.ofDays(1)).toString(),
                ago(Duration.ofDays(1))));

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isZero();
        assertThat(inventory.podNames()).containsExactly("exec-old-warm");
    }

    @Test
    void shouldKeepAPodWithoutWorkerLabelWhenItIsNotOverLeased() {
        inventory.withPod(warm("exec-unowned", null));

        assertThat(sweeper.sweepOnce(CLOCK.instant())).isZero();
        assertThat(inventory.podNames()).containsExactly("exec-unowned");
    }

    @Test
    void shouldLookUpEachWorkerOnceWhenManyPodsShareIt() {
        inventory.withPod(warm("exec-1", "worker-a")).withPod(warm("exec-2", "worker-a"))
                .withPod(warm("exec-3", "worker-gone")).withPod(warm("exec-4", "worker-gone"));

        sweeper.sweepOnce(CLOCK.instant());

        assertThat(inventory.lookupsOf("worker-a")).isEqualTo(1);
        assertThat(inventory.lookupsOf("worker-gone")).isEqualTo(1);
    }

    @Test
    void shouldDeleteAtMostOneBatchPerRoundAndTheRestNextRoundWhenManyAreDue() {
        for (int i = 0; i < 5; i++) {
            inventory.withPod(warm("exec-" + i, "worker-gone"));
        }
        OrphanPodSweeper smallBatches = new OrphanPodSweeper(inventory, MAX_LEASE, 2);

        assertThat(smallBatches.sweepOnce(CLOCK.instant())).isEqualTo(2);
        assertThat(inventory.podNames()).hasSize(3);
        assertThat(smallBatches.sweepOnce(CLOCK.instant())).isEqualTo(2);
        assertThat(smallBatches.sweepOnce(CLOCK.instant())).isEqualTo(1);
        assertThat(smallBatches.sweepOnce(CLOCK.instant())).isZero();
    }

    @Test
    void shouldNotCountAPodWhenItWasAlreadyGone() {
        ExecutorPodInventory vanishing = new ExecutorPodInventory() {
            @Override
            public List<ExecutorPod> executorPods() {
                return List.of(warm("exec-vanished", "worker-gone"));
            }

            @Override
            public boolean workerAlive(String workerPodName) {
                return false;
            }

            @Override
            public boolean delete(String podName) {
                return false;
            }
        };

        assertThat(new OrphanPodSweeper(vanishing, MAX_LEASE, 10).sweepOnce(CLOCK.instant())).isZero();
    }

    private static ExecutorPod warm(String name, String worker) {
        return new ExecutorPod(name, worker, WARM, null, ago(Duration.ofMinutes(1)));
    }

    private static ExecutorPod leased(String name, String worker, String leasedAt, Instant createdAt) {
        return new ExecutorPod(name, worker, LEASED, leasedAt, createdAt);
    }

    private static Instant ago(Duration duration) {
        return CLOCK.instant().minus(duration);
    }
}
