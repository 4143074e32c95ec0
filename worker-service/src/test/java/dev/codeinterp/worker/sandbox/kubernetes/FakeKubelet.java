package dev.codeinterp.worker.sandbox.kubernetes;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.local.AgentRuntime;
import dev.codeinterp.worker.sandbox.local.BubblewrapCommand;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelet where no cluster runs: for every new executor pod it starts the real agent, in TCP mode, in
 * a bubblewrap sandbox on this machine (sharing the host's network, so that the worker reaches it at 127.0.0.1; in a
 * cluster a NetworkPolicy isolates the pod instead), then marks the pod Running and Ready with {@code podIP=127.0.0.1}
 * and the agent's port in an annotation. When the agent ends it marks the pod Succeeded or Failed, with the exit code;
 * when the pod is deleted it kills the agent. Tests can kill a pod's agent behind the worker's back. A claim
 * {@link #bindClaim bound} to a directory is mounted read-only where the pod mounts it (the package store's only).
 */
public final class FakeKubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FakeKubelet.class);
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration AGENT_START = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;
    private final AgentRuntime runtime;
    private final Path logDir;
    private final int hostUidBase;
    private final int hostUidCount;
    private final AtomicInteger started = new AtomicInteger();
    private final Map<String, Process> agents = new ConcurrentHashMap<>();
    private final Map<String, Path> claims = new ConcurrentHashMap<>();
    /** One long-lived thread: bubblewrap's --die-with-parent follows the thread that started it. */
    private final ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<Pod> informer;

    /**
     * @param runtimeDir   a fresh directory for the agent files, reachable by other users
     * @param hostUidBase  first of {@code hostUidCount} host uids the sandboxes run as when this JVM is root
     */
    public FakeKubelet(KubernetesClient client, String namespace, Path runtimeDir, int hostUidBase,
            int hostUidCount) {
        this.client = client;
        this.namespace = namespace;
        this.hostUidBase = hostUidBase;
        this.hostUidCount = hostUidCount;
        try {
            Files.createDirectories(runtimeDir);
            logDir = Files.createDirectories(runtimeDir.resolveSibling(runtimeDir.getFileName() + "-logs"));
            Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (isRoot()) {
                AgentRuntime.requireReachableByOthers(runtimeDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
    }

    /** Binds a PersistentVolumeClaim to a directory of this machine, as its volume. */
    public FakeKubelet bindClaim(String claim, Path directory) {
        claims.put(claim, directory);
        return this;
    }

    public FakeKubelet start() {
        informer = client.pods().inNamespace(namespace).withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
                            starter.execute(() -> run(pod));
                        }
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        Process agent = agents.remove(pod.getMetadata().getName());
                        if (agent != null) {
                            destroy(agent);
                        }
                    }
                }, 0);
        return this;
    }

    /** Kills the agent of a pod, as if its container crashed. */
    public void killAgent(String podName) {
        Process agent = agents.get(podName);
        if (agent != null) {
            destroy(agent);
        }
    }

    /** Agents running now. */
    public int runningAgents() {
        return (int) agents.values().stream().filter(Process::isAlive).count();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        starter.shutdownNow();
        try {
            // an agent being started now is in the map only once its start returns
            starter.awaitTermination(AGENT_START.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agents.values().forEach(FakeKubelet::destroy);
    }

    /**
     * Kills the sandbox and the agent in it, the agent first: in TCP mode an agent that outlived its sandbox would
     * listen forever.
     */
    private static void destroy(Process agent) {
        agent.descendants().forEach(ProcessHandle::destroyForcibly);
        agent.destroyForcibly();
    }

    private void run(Pod pod) {
        String name = pod.getMetadata().getName();
        if (client.pods().inNamespace(namespace).withName(name).get() == null) {
            return; // deleted before its turn came
        }
        try {
            int port = freePort();
            // never this JVM's own stderr: an agent that outlived it would keep Maven reading that pipe forever
            Process agent = new ProcessBuilder(argv(pod, port)).redirectInput(Redirect.from(new java.io.File(
                    "/dev/null"))).redirectOutput(Redirect.DISCARD).redirectError(logDir.resolve(name + ".log")
                    .toFile()).start();
            agents.put(name, agent);
            agent.onExit().thenRun(() -> ended(name, agent));
            awaitListening(agent, port);
            client.pods().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + ExecutorPods.AGENT_PORT_ANNOTATION + "\":\"" + port
                            + "\"}}}");
            setStatus(name, new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(ExecutorPodTemplate.CONTAINER)
                            .withReady(true).withState(new ContainerStateBuilder().withNewRunning()
                                    .withStartedAt(Instant.now().toString()).endRunning().build()).build())
                    .build());
        } catch (IOException | RuntimeException e) {
            log.warn("Fake kubelet could not start pod {}: {} (agent log: {})", name, e.toString(),
                    logDir.resolve(name + ".log"));
            killAgent(name);
        }
    }

    private void ended(String name, Process agent) {
        agents.remove(name, agent);
        int code = agent.exitValue();
        setStatus(name, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName(ExecutorPodTemplate.CONTAINER)
                        .withReady(false).withState(new ContainerStateBuilder().withNewTerminated()
                                .withExitCode(code).withReason(code == 0 ? "Completed" : "Error").endTerminated()
                                .build()).build())
                .build());
    }

    private void setStatus(String name, PodStatus status) {
        try {
            Pod current = client.pods().inNamespace(namespace).withName(name).get();
            if (current != null) {
                current.setStatus(status);
                client.pods().inNamespace(namespace).resource(current).updateStatus();
            }
        } catch (KubernetesClientException e) {
            log.debug("Fake kubelet could not update pod {}: {}", name, e.getMessage());
        }
    }

    /** The sandbox of the pod: its emptyDir size limits bound {@code /workspace} and {@code /tmp}, as in a cluster. */
    private List<String> argv(Pod pod, int port) {
        BubblewrapCommand command = withClaims(pod, new BubblewrapCommand("bwrap", PYTHON, runtime,
                sizeLimit(pod, "workspace"), sizeLimit(pod, "tmp"), 1000, 1000, true));
        String token = tokenOf(pod);
        int n = started.getAndIncrement();
        List<String> argv = new ArrayList<>(isRoot() ? command.argv(hostUidBase + n % hostUidCount) : command.argv());
        int clearenv = argv.indexOf("--clearenv");
        argv.addAll(clearenv + 1, List.of("--setenv", ExecutorPods.AGENT_TOKEN_ENV, token,
                "--setenv", ExecutorPods.AGENT_PRELOAD_ENV, envOf(pod, ExecutorPods.AGENT_PRELOAD_ENV)));
        argv.addAll(List.of("--listen", "127.0.0.1:" + port));
        return argv;
    }

    /** The pod's claim mounts, which must be read-only and at the package mount: the only ones executor pods have. */
    private BubblewrapCommand withClaims(Pod pod, BubblewrapCommand command) {
        for (VolumeMount mount : pod.getSpec().getContainers().get(0).getVolumeMounts()) {
            Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no volume " + mount.getName()));
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            String claim = volume.getPersistentVolumeClaim().getClaimName();
            Path directory = claims.get(claim);
            if (directory == null) {
                throw new IllegalArgumentException("claim " + claim + " is not bound");
            }
            if (!Boolean.TRUE.equals(mount.getReadOnly()) || !SandboxPool.PACKAGES_MOUNT.equals(mount.getMountPath())) {
                throw new IllegalArgumentException("the fake kubelet mounts claims read-only at "
                        + SandboxPool.PACKAGES_MOUNT + " only, not " + mount);
            }
            String subPath = mount.getSubPath() == null ? "" : mount.getSubPath();
            command = command.withPackageStore(directory.resolve(subPath));
        }
        return command;
    }

    /** The value of the agent container's environment variable {@code name}, empty if it has none. */
    private static String envOf(Pod pod, String name) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(env -> name.equals(env.getName()))
                .map(EnvVar::getValue).findFirst().orElse("");
    }

    /** The kubelet's readiness probe: a TCP connection to the agent's port that is accepted. */
    private static void awaitListening(Process agent, int port) throws IOException {
        long deadline = System.nanoTime() + AGENT_START.toNanos();
        while (System.nanoTime() < deadline && agent.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException(interrupted);
                }
            }
        }
        throw new IOException("the agent did not listen on port " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long sizeLimit(Pod pod, String volume) {
        return pod.getSpec().getVolumes().stream().filter(v -> volume.equals(v.getName())).findFirst()
                .map(v -> Quantity.getAmountInBytes(v.getEmptyDir().getSizeLimit()).longValueExact())
                .orElseThrow(() -> new IllegalArgumentException("pod has no " + volume + " volume"));
    }

    private static String tokenOf(Pod pod) {
        return pod.getSpec().getContainers().stream().flatMap(container -> container.getEnv().stream())
                .filter(env -> ExecutorPods.AGENT_TOKEN_ENV.equals(env.getName())).map(EnvVar::getValue)
                .findFirst().orElseThrow();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
