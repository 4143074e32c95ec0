package dev.codeinterp.worker.sandbox.kubernetes;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the Kubernetes backend through the API mock: the control plane alone (create, lease patch, delete: pods per
 * second), a warm lease (patch + connect + token + ready line), and whole single-use cycles with the fake kubelet's real
 * agents (pods per second). The floor is printed with it: {@code python3 -c 'print(1)'} plain and in bubblewrap. Run
 * with {@code scripts/bench-kubernetes.sh [leases]}.
 */
public final class KubernetesPoolBenchmark {

    private KubernetesPoolBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        report("python3 -c 'print(1)'", timeProcess(List.of("/usr/bin/python3", "-c", "print(1)"), 30));
        report("same in bubblewrap", timeProcess(List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc",
                "/proc", "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1",
                "--clearenv", "/usr/bin/python3", "-c", "print(1)"), 30));
        Path runtime = Files.createTempDirectory("bench-kubelet",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (MockCluster cluster = MockCluster.start(runtime.resolve("runtime"), 260_000)) {
            controlPlane(cluster.client(), count * 5);
            KubernetesSandboxPool pool = new KubernetesSandboxPool(cluster.client(), settings(4), new AgentClient(),
                    Clock.systemUTC());
            pool.start();
            try {
                warmLeases(pool, count);
                cycles(pool, count);
            } finally {
                pool.close();
            }
        }
    }

    /** create → lease patch (with resourceVersion) → delete, one pod after the other, no kubelet work. */
    private static void controlPlane(KubernetesClient client, int pods) {
        ExecutorPodTemplate template = new ExecutorPodTemplate(settings(0));
        long[] nanos = new long[pods];
        long started = System.nanoTime();
        for (int i = 0; i < pods; i++) {
            long start = System.nanoTime();
            String name = "bench-plane-" + i;
            Pod pod = template.podFor(name, "t");
            pod.getMetadata().setLabels(Map.of(ExecutorPods.NAME_LABEL, "bench-only"));
            Pod created = client.pods().inNamespace(MockCluster.NAMESPACE).resource(pod).create();
            client.pods().inNamespace(MockCluster.NAMESPACE).withName(name).patch(PatchContext.of(
                    PatchType.JSON_MERGE), "{\"metadata\":{\"resourceVersion\":\""
                    + created.getMetadata().getResourceVersion() + "\",\"labels\":{\"state\":\"leased\"}}}");
            client.pods().inNamespace(MockCluster.NAMESPACE).withName(name).withGracePeriod(0).delete();
            nanos[i] = System.nanoTime() - start;
        }
        System.out.printf(Locale.ROOT, "control plane: %.0f pods/s (create + lease patch + delete)%n",
                pods / ((System.nanoTime() - started) / 1e9));
        report("control plane, one pod's three calls", nanos);
    }

    /** A lease when a ready pod is waiting: merge patch, TCP connect, token, ready line. */
    private static void warmLeases(KubernetesSandboxPool pool, int count) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            awaitWarm(pool);
            long start = System.nanoTime();
            SandboxSession session = pool.lease();
            nanos[i] = System.nanoTime() - start;
            session.close();
        }
        report("lease of a warm pod", nanos);
    }

    /** Lease, run print(1), close (the pod is deleted, a replacement started), back to back with 4 warm pods. */
    private static void cycles(KubernetesSandboxPool pool, int count) throws Exception {
        awaitWarm(pool);
        long[] nanos = new long[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (SandboxSession session = pool.lease()) {
                session.run(new AgentRequest(1, "print(1)", Map.of(), 10_000, 1024, false, List.of(),
                        AgentRequest.Limits.none()), List.of(), (entry, content) -> { });
            }
            nanos[i] = System.nanoTime() - start;
        }
        System.out.printf(Locale.ROOT, "single-use cycles: %.1f pods/s (lease, run print(1), delete, replace)%n",
                count / ((System.nanoTime() - started) / 1e9));
        report("lease + run print(1) + close", nanos);
    }

    private static void awaitWarm(KubernetesSandboxPool pool) throws InterruptedException {
        while (pool.readyCount() < 4) {
            Thread.sleep(5);
        }
    }

    private static ExecutorPodSettings settings(int target) {
        return new ExecutorPodSettings(MockCluster.NAMESPACE, "bench-executor-", "executor:bench", "Never", 8900, "{}",
                "{}", 64L << 20, 16L << 20, new ExecutorPodSettings.WorkerPod("bench-worker", "bench-uid"), target,
                Duration.ofMinutes(1), List.of("numpy", "pandas"));
    }

    private static long[] timeProcess(List<String> command, int count) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-40s n=%-4d p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms%n", name, sorted.length,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))] / 1e6;
    }
}
