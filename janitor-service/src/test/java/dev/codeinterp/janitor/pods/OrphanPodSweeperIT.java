package dev.codeinterp.janitor.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.sandbox.ExecutorPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweeper with its Kubernetes adapter against fabric8's API mock in CRUD mode. */
class OrphanPodSweeperIT {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration MAX_LEASE = Duration.ofMinutes(13);

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private OrphanPodSweeper sweeper;

    @BeforeEach
    void startMock() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        sweeper = new OrphanPodSweeper(new KubernetesExecutorPodDirectory(client, "test"), MAX_LEASE, 500);
    }

    @AfterEach
    void stopMock() {
        client.close();
        server.destroy();
    }

    @Test
    void shouldDeleteThePodsOfAWorkerThatIsGoneAndLeaveThoseOfALiveOne() {
        // given
        create(workerPod("worker-a"));
        create(workerPod("worker-b"));
        create(executorPod("warm-a", "worker-a", null));
        create(executorPod("leased-a", "worker-a", NOW.minusSeconds(30)));
        create(executorPod("warm-b", "worker-b", null));
        create(executorPod("leased-b", "worker-b", NOW.minusSeconds(30)));
        client.pods().withName("worker-b").delete();

        // when
        int deleted = sweeper.sweepOnce(NOW);

        // then
        assertThat(deleted).isEqualTo(2);
        assertThat(executorPodNames()).containsExactlyInAnyOrder("warm-a", "leased-a");
    }

    @Test
    void shouldDeleteAPodLeasedLongerThanAnyJobMayRunWhenItsWorkerLives() {
        create(workerPod("worker-a"));
        create(executorPod("leased-long-ago", "worker-a", NOW.minus(MAX_LEASE).minusSeconds(1)));
        create(executorPod("leased-just-now", "worker-a", NOW.minus(MAX_LEASE).plusSeconds(1)));
        create(executorPod("warm", "worker-a", null));

        assertThat(sweeper.sweepOnce(NOW)).isOne();

        assertThat(executorPodNames()).containsExactlyInAnyOrder("leased-just-now", "warm");
    }

    @Test
    void shouldJudgeALeasedPodWithoutAReadableLeaseTimeByItsAge() {
        create(workerPod("worker-a"));
        Pod garbled = executorPod("garbled", "worker-a", null);
        garbled.getMetadata().getLabels().put(ExecutorPods.STATE_LABEL, ExecutorPods.LEASED);
        garbled.getMetadata().getAnnotations().put(ExecutorPods.LEASED_AT_ANNOTATION, "yesterday");
        create(garbled);

        assertThat(sweeper.sweepOnce(Instant.now())).isZero();
        assertThat(sweeper.sweepOnce(Instant.now().plus(MAX_LEASE).plusSeconds(60))).isOne();
        assertThat(executorPodNames()).isEmpty();
    }

    @Test
    void shouldDeleteNoMoreThanABatchPerRoundAndTheRestNextRound() {
        for (int i = 0; i < 5; i++) {
            create(executorPod("orphan-" + i, "worker-gone", null));
        }
        OrphanPodSweeper small = new OrphanPodSweeper(new KubernetesExecutorPodDirectory(client, "test"), MAX_LEASE,
                3);

        assertThat(small.sweepOnce(NOW)).isEqualTo(3);
        assertThat(small.sweepOnce(NOW)).isEqualTo(2);
        assertThat(small.sweepOnce(NOW)).isZero();
        assertThat(executorPodNames()).isEmpty();
    }

    @Test
    void shouldLeaveOtherPodsOfTheNamespaceAlone() {
        create(workerPod("worker-a"));
        create(new PodBuilder().withNewMetadata().withName("unrelated").endMetadata().build());

        assertThat(sweeper.sweepOnce(NOW)).isZero();
        assertThat(client.pods().list().getItems()).hasSize(2);
    }

    private void create(Pod pod) {
        client.pods().inNamespace("test").resource(pod).create();
    }

    private List<String> executorPodNames() {
        return client.pods().inNamespace("test").withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME).list()
                .getItems().stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    private static Pod workerPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app.kubernetes.io/component", "worker")
                .endMetadata().build();
    }

    private static Pod executorPod(String name, String worker, Instant leasedAt) {
        Map<String, String> labels = new LinkedHashMap<>(Map.of(ExecutorPods.NAME_LABEL, ExecutorPods.NAME,
                ExecutorPods.WORKER_LABEL, worker,
                ExecutorPods.STATE_LABEL, leasedAt == null ? ExecutorPods.WARM : ExecutorPods.LEASED));
        Map<String, String> annotations = new LinkedHashMap<>();
        if (leasedAt != null) {
            annotations.put(ExecutorPods.LEASED_AT_ANNOTATION, leasedAt.toString());
        }
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations)
                .endMetadata().build();
    }
}
