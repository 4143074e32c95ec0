package dev.codeinterp.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.codeinterp.common.sandbox.ExecutorPods;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutorPodInventory} does; each adapter's test extends it. */
public abstract class ExecutorPodInventoryContract {

    /** The inventory under test, reading what the {@code given...} methods created. */
    protected abstract ExecutorPodInventory inventory();

    protected abstract void givenWorker(String name);

    /** Creates an executor pod with the contract's labels; {@code leasedAt} may be null or garbled. */
    protected abstract void givenExecutorPod(String name, String worker, String state, String leasedAt);

    @Test
    void shouldListExecutorPodsWithTheirWorkerStateAndLeaseWhenTheyExist() {
        givenWorker("worker-a");
        givenExecutorPod("exec-warm", "worker-a", ExecutorPods.WARM, null);
        givenExecutorPod("exec-leased", "worker-a", ExecutorPods.LEASED, "2026-01-02T03:04:05Z");

        assertThat(inventory().executorPods())
                .extracting(ExecutorPod::name, ExecutorPod::worker, ExecutorPod::state, ExecutorPod::leasedAt)
                .containsExactlyInAnyOrder(
                        tuple("exec-warm", "worker-a", ExecutorPods.WARM, null),
                        tuple("exec-leased", "worker-a", ExecutorPods.LEASED,
                                "2026-01-02T03:04:05Z"));
    }

    @Test
    void shouldGiveACreationTimeWhenListing() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        givenExecutorPod("exec-warm", "worker-a", ExecutorPods.WARM, null);

        assertThat(inventory().executorPods()).singleElement()
                .satisfies(pod -> assertThat(pod.createdAt()).isNotNull().isAfterOrEqualTo(before.minusSeconds(60)));
    }

    @Test
    void shouldSayAWorkerIsAliveOnlyWhenItsPodExists() {
        givenWorker("worker-a");

        assertThat(inventory().workerAlive("worker-a")).isTrue();
        assertThat(inventory().workerAlive("worker-b")).isFalse();
    }

    @Test
    void shouldDeleteAPodOnceAndReportItGoneAfterwardsWhenDeletedTwice() {
        givenExecutorPod("exec-warm", "worker-a", ExecutorPods.WARM, null);

        assertThat(inventory().delete("exec-warm")).isTrue();
        assertThat(inventory().delete("exec-warm")).isFalse();
        assertThat(inventory().executorPods()).isEmpty();
    }
}
