package dev.codeinterp.worker.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import dev.codeinterp.worker.sandbox.agent.InMemoryInput;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes backend against fabric8's API mock (CRUD mode) with a fake kubelet that runs each pod's real agent in
 * bubblewrap: leases, single use, races between workers, pods that die, and the pod spec as the API server stores it.
 */
class KubernetesSandboxPoolIT {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    static Path tempDir;
    private static MockCluster cluster;

    private final List<KubernetesSandboxPool> pools = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        // sandboxes started as other uids reach the agent's files through it
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        cluster = MockCluster.start(tempDir.resolve("runtime"), 250_000);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closePools() {
        pools.forEach(KubernetesSandboxPool::close);
        await().atMost(SETTLE).until(() -> executorPods().isEmpty() && cluster.kubelet().runningAgents() == 0);
    }

    @Test
    void shouldKeepTargetPodsReadyWhenStarted() {
        pool("worker-a", 2);

        await().atMost(SETTLE).until(() -> readyWarmPodsOf("worker-a") == 2);
        assertThat(executorPods()).hasSize(2).allSatisfy(pod -> assertThat(pod.getMetadata().getName())
                .startsWith("executor-"));
    }

    @Test
    void shouldRunOneJobWithFilesInLeasedPodThenDeleteItAndStartAReplacementWhenSessionCloses() throws Exception {
        // given
        KubernetesSandboxPool pool = pool("worker-a", 1);
        await().atMost(SETTLE).until(() -> readyWarmPodsOf("worker-a") == 1);
        Map<String, String> outputs = new LinkedHashMap<>();

        // when
        String leased;
        AgentReply reply;
        try (SandboxSession session = pool.lease()) {
            leased = podOf(session);
            assertThat(labelsOf(leased)).containsEntry(ExecutorPods.STATE_LABEL, ExecutorPods.LEASED);
            assertThat(annotationsOf(leased)).containsKey(ExecutorPods.LEASED_AT_ANNOTATION);
            reply = session.run(request("""
                    data = open('/workspace/in.txt').read()
                    open('/workspace/out.txt', 'w').write(data.upper())
                    print(6 * 7)""", List.of(new AgentRequest.FileEntry("/workspace/in.txt", 3))),
                    List.of(input("/workspace/in.txt", "abc")), (entry, content) -> outputs.put(entry.path(),
                            new String(content.readAllBytes(), StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> session.run(request("print(1)", List.of()), List.of(), (e, c) -> { }))
                    .isInstanceOf(SandboxFailure.class).hasMessageContaining("already run");
        }

        // then
        assertThat(reply.stdout()).isEqualTo("42\n");
        assertThat(outputs).containsExactly(Map.entry("/workspace/out.txt", "ABC"));
        await().atMost(SETTLE).until(() -> pod(leased) == null);
        await().atMost(SETTLE).until(() -> readyWarmPodsOf("worker-a") == 1);
    }

    @Test
    void shouldHandOutDistinctPodsWhenWorkersRaceForThem() throws Exception {
        // given: three workers with two warm pods each, and twelve leases at once (more than there are warm pods)
        List<KubernetesSandboxPool> workers = List.of(pool("worker-a", 2), pool("worker-b", 2), pool("worker-c", 2));
        await().atMost(SETTLE).until(() -> executorPods().stream().filter(PodStates::isReady).count() == 6);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, String> leaserOf = new ConcurrentHashMap<>();
        List<Future<String>> leases = new ArrayList<>();

        // when
        for (int i = 0; i < 12; i++) {
            KubernetesSandboxPool worker = workers.get(i % 3);
            String leaser = "lease-" + i;
            leases.add(threads.submit(() -> {
                start.await();
                try (SandboxSession session = worker.lease()) {
                    String pod = podOf(session);
                    assertThat(leaserOf.putIfAbsent(pod, leaser)).as("pod %s leased twice", pod).isNull();
                    return pod;
                }
            }));
        }
        start.countDown();
        List<String> leased = new ArrayList<>();
        for (Future<String> lease : leases) {
            leased.add(lease.get());
        }
        threads.shutdown();

        // then
        assertThat(leased).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void shouldReplaceWarmPodAndLeaseAnotherWhenItsAgentDiesWhileIdle() throws Exception {
        // given
        KubernetesSandboxPool pool = pool("worker-a", 1);
        await().atMost(SETTLE).until(() -> readyWarmPodsOf("worker-a") == 1);
        String dead = warmPodsOf("worker-a").get(0).getMetadata().getName();

        // when
        cluster.kubelet().killAgent(dead);

        // then
        await().atMost(SETTLE).until(() -> pod(dead) == null);
        try (SandboxSession session = pool.lease()) {
            assertThat(podOf(session)).isNotEqualTo(dead);
            assertThat(session.run(request("print('alive')", List.of()), List.of(), (e, c) -> { }).stdout())
                    .isEqualTo("alive\n");
        }
    }

    @Test
    void shouldFailTheRunNamingThePodWhenItsAgentDiesMidJob() throws Exception {
        // given
        KubernetesSandboxPool pool = pool("worker-a", 1);
        SandboxSession session = pool.lease();
        String pod = podOf(session);
        CompletableFuture<AgentReply> run = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run(request("import time; print('started', flush=True); time.sleep(60)", List.of()),
                        List.of(), (e, c) -> { });
            } catch (SandboxFailure e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(SETTLE).until(() -> cluster.kubelet().runningAgents() >= 1);

        // when
        cluster.kubelet().killAgent(pod);

        // then
        assertThat(run).failsWithin(SETTLE).withThrowableThat().havingRootCause()
                .isInstanceOf(SandboxFailure.class).withMessageContaining("pod " + pod);
        session.close();
        await().atMost(SETTLE).until(() -> pod(pod) == null);
    }

    @Test
    void shouldDeleteEveryPodOfTheWorkerWhenClosed() throws Exception {
        KubernetesSandboxPool pool = pool("worker-a", 2);
        KubernetesSandboxPool other = pool("worker-b", 1);
        await().atMost(SETTLE).until(() -> readyWarmPodsOf("worker-a") == 2 && readyWarmPodsOf("worker-b") == 1);
        SandboxSession leased = pool.lease();

        pool.close();

        await().atMost(SETTLE).until(() -> executorPods().stream().allMatch(p -> "worker-b".equals(
                p.getMetadata().getLabels().get(ExecutorPods.WORKER_LABEL))));
        assertThat(readyWarmPodsOf("worker-b")).isOne();
        assertThatThrownBy(pool::lease).isInstanceOf(SandboxFailure.class).hasMessageContaining("closed");
        leased.close();
        other.close();
    }

    @Test
    void shouldStoreHardenedSpecWithOwnerAndExtraSpecWhenPodIsCreated() {
        pool("worker-a", 1, "{\"runtimeClassName\": \"gvisor\", \"nodeSelector\": {\"sandbox\": \"true\"}}");
        await().atMost(SETTLE).until(() -> warmPodsOf("worker-a").size() == 1);

        Pod stored = warmPodsOf("worker-a").get(0);

        assertThat(stored.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-of-worker-a"));
        assertThat(stored.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(stored.getSpec().getNodeSelector()).containsEntry("sandbox", "true");
        assertThat(stored.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(stored.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(stored.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(stored.getSpec().getContainers().get(0).getResources().getLimits()).containsKeys("cpu", "memory");
    }

    private KubernetesSandboxPool pool(String worker, int target) {
        return pool(worker, target, "{}");
    }

    private KubernetesSandboxPool pool(String worker, int target, String extra) {
        ExecutorPodSettings settings = new ExecutorPodSettings(MockCluster.NAMESPACE, "executor-",
                "code-interpreter-executor:test", "Never", 8900,
                "{\"requests\":{\"cpu\":\"100m\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}", extra, 64L << 20,
                16L << 20, new ExecutorPodSettings.WorkerPod(worker, "uid-of-" + worker), target,
                Duration.ofMinutes(1), List.of("numpy", "pandas"));
        KubernetesSandboxPool pool = new KubernetesSandboxPool(cluster.client(), settings, new AgentClient(),
                Clock.systemUTC());
        pools.add(pool);
        pool.start();
        return pool;
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static List<Pod> executorPods() {
        return client().pods().inNamespace(MockCluster.NAMESPACE)
                .withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME).list().getItems();
    }

    private static List<Pod> warmPodsOf(String worker) {
        return client().pods().inNamespace(MockCluster.NAMESPACE).withLabel(ExecutorPods.WORKER_LABEL, worker)
                .withLabel(ExecutorPods.STATE_LABEL, ExecutorPods.WARM).list().getItems();
    }

    private static long readyWarmPodsOf(String worker) {
        return warmPodsOf(worker).stream().filter(PodStates::isReady).count();
    }

    private static Pod pod(String name) {
        return client().pods().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    private static Map<String, String> labelsOf(String name) {
        return pod(name).getMetadata().getLabels();
    }

    private static Map<String, String> annotationsOf(String name) {
        return pod(name).getMetadata().getAnnotations();
    }

    private static String podOf(SandboxSession session) {
        return ((PodChannel) ((AgentSession) session).channel()).podName();
    }

    private static AgentRequest request(String code, List<AgentRequest.FileEntry> files) {
        return new AgentRequest(1, code, Map.of(), 20_000, 1 << 20, true, files, AgentRequest.Limits.none());
    }

    private static InputContent input(String path, String content) {
        return InMemoryInput.of(path, content);
    }
}
