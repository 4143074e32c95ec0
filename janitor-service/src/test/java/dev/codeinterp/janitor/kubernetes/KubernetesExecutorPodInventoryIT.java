package dev.codeinterp.janitor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.janitor.sweep.ExecutorPod;
import dev.codeinterp.janitor.sweep.ExecutorPodInventory;
import dev.codeinterp.janitor.sweep.ExecutorPodInventoryContract;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter keeps the {@link ExecutorPodInventory} contract against the Kubernetes API mock. */
class KubernetesExecutorPodInventoryIT extends ExecutorPodInventoryContract {

    private static final String NAMESPACE = "sandboxes";

    private final MockCluster cluster = new MockCluster();
    private final KubernetesExecutorPodInventory inventory =
            new KubernetesExecutorPodInventory(cluster.client(), NAMESPACE);

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Override
    protected ExecutorPodInventory inventory() {
        return inventory;
    }

    @Override
    protected void givenWorker(String name) {
        cluster.worker(NAMESPACE, name);
    }

    @Override
    protected void givenExecutorPod(String name, String worker, String state, String leasedAt) {
        cluster.executor(NAMESPACE, name, worker, state, leasedAt);
    }

    @Test
    void shouldListOnlyExecutorPodsOfItsNamespaceWhenOtherPodsExist() {
        cluster.worker(NAMESPACE, "worker-a");
        cluster.executor(NAMESPACE, "exec-here", "worker-a", ExecutorPods.WARM, null);
        cluster.executor("elsewhere", "exec-elsewhere", "worker-a", ExecutorPods.WARM, null);

        assertThat(inventory.executorPods()).extracting(ExecutorPod::name).containsExactly("exec-here");
        assertThat(new KubernetesExecutorPodInventory(cluster.client(), "elsewhere").workerAlive("worker-a"))
                .isFalse();
    }

    @Test
    void shouldUseTheClientsNamespaceWhenNoneIsConfigured() {
        assertThat(new KubernetesExecutorPodInventory(cluster.client(), "").namespace())
                .isEqualTo(cluster.client().getNamespace()).isNotBlank();
    }

    @Test
    void shouldSayAWorkerIsGoneWhenItsPodHasEnded() {
        cluster.worker(NAMESPACE, "worker-evicted");
        cluster.client().pods().inNamespace(NAMESPACE).withName("worker-evicted")
                .editStatus(pod -> pod.toBuilder().withStatus(new PodStatusBuilder().withPhase("Failed")
                        .withReason("Evicted").build()).build());

        assertThat(inventory.workerAlive("worker-evicted")).isFalse();
    }
}
