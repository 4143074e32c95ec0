package dev.codeinterp.worker.sandbox.kubernetes;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor pods kept warm in the cluster: each worker keeps {@code targetReady} pods of its own waiting, and a lease
 * takes any ready warm pod of the namespace (its own first). A lease is a JSON merge patch carrying the pod's
 * {@code resourceVersion}: when another worker (or another job thread) leased the pod first, the API server answers 409
 * and the next pod is tried, so no two leases ever get the same pod. The patch relabels the pod {@code leased} (no
 * pool's informer sees it again) and makes this worker its owner. A pod is used once and deleted when its session
 * closes; on shutdown every pod this worker owns is deleted. Pods are watched through one informer, never polled.
 */
public final class KubernetesSandboxPool implements SandboxPool {

    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxPool.class);
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(2);
    private static final long MAX_WAIT_MS = 500;

    private final KubernetesClient client;
    private final ExecutorPodSettings settings;
    private final ExecutorPodTemplate template;
    private final AgentClient agent;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Warm pods this worker created that nobody has leased or deleted yet (ready or still starting). */
    private final Set<String> ownWarm = ConcurrentHashMap.newKeySet();
    private final Object podsChanged = new Object();
    private final ScheduledExecutorService maintenance;
    private final ExecutorService deleter;
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closed;
    /** The last maintenance round's failure, until one succeeds. */
    private volatile String lastMaintenanceFailure;

    public KubernetesSandboxPool(KubernetesClient client, ExecutorPodSettings settings, AgentClient agent,
            Clock clock) {
        this.client = client;
        this.settings = settings;
        this.template = new ExecutorPodTemplate(settings);
        this.agent = agent;
        this.clock = clock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("executor-pods"));
        this.deleter = Executors.newFixedThreadPool(2, daemon("executor-pod-delete"));
    }

    /** Starts watching the warm pods of the namespace, then keeps this worker's share of them. */
    public void start() {
        informer = client.pods().inNamespace(settings.namespace())
                .withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME)
                .withLabel(ExecutorPods.STATE_LABEL, ExecutorPods.WARM)
                .inform(new PodEvents(), 0);
        maintenance.scheduleWithFixedDelay(this::maintain, 0, MAINTENANCE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public SandboxSession lease() throws SandboxFailure {
        long deadline = System.nanoTime() + LEASE_TIMEOUT.toNanos();
        try {
            while (true) {
                if (closed) {
                    throw new SandboxFailure("The sandbox pool is closed");
                }
                for (Pod pod : readyWarmPods()) {
                    Optional<SandboxSession> session = tryLease(pod);
                    if (session.isPresent()) {
                        maintainSoon();
                        return session.get();
                    }
                }
                maintainSoon();
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new SandboxFailure("No executor pod became ready within " + LEASE_TIMEOUT.toSeconds()
                            + " s");
                }
                synchronized (podsChanged) {
                    podsChanged.wait(Math.min(remainingMs, MAX_WAIT_MS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while waiting for an executor pod", e);
        } catch (KubernetesClientException e) {
            throw new SandboxFailure("The Kubernetes API failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> unavailable() {
        if (closed) {
            return Optional.of("The sandbox pool is closed");
        }
        String failure = lastMaintenanceFailure;
        return readyWarmPods().isEmpty() && failure != null
                ? Optional.of("No executor pod is ready and the last attempt to keep them warm failed: " + failure)
                : Optional.empty();
    }

    /** Warm pods of this worker, ready or starting, that nobody has leased yet. */
    public int warmCount() {
        return ownWarm.size();
    }

    /** Warm pods of this worker that are ready to be leased at once. */
    @Override
    public long readyCount() {
        return informer.getStore().list().stream()
                .filter(pod -> ownWarm.contains(pod.getMetadata().getName()) && PodStates.isReady(pod)).count();
    }

    @Override
    public void close() {
        closed = true;
        // not shutdownNow: an interrupt abandons a create request already on its way, and the API server may store
        // that pod after the deletion below; a pod being created now must exist before it, or it would outlive the pool
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (informer != null) {
            informer.close();
        }
        deleter.shutdown();
        try {
            client.pods().inNamespace(settings.namespace()).withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME)
                    .withLabel(ExecutorPods.WORKER_LABEL, settings.worker().name()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            log.warn("Could not delete the executor pods of worker {}: {}", settings.worker().name(),
                    e.getMessage());
        }
        ownWarm.clear();
    }

    private List<Pod> readyWarmPods() {
        String me = settings.worker().name();
        return informer.getStore().list().stream().filter(PodStates::isReady)
                .sorted(Comparator.comparing((Pod pod) -> !me.equals(labelOf(pod, ExecutorPods.WORKER_LABEL)))
                        .thenComparing(PodStates::createdAt))
                .toList();
    }

    private Optional<SandboxSession> tryLease(Pod pod) throws SandboxFailure {
        String name = pod.getMetadata().getName();
        try {
            client.pods().inNamespace(settings.namespace()).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), leasePatch(pod));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                log.debug("Executor pod {} was taken or deleted meanwhile ({})", name, e.getCode());
                return Optional.empty();
            }
            throw e;
        }
        ownWarm.remove(name);
        try {
            PodChannel channel = PodChannel.connect(name, pod.getStatus().getPodIP(), agentPort(pod), tokenOf(pod),
                    () -> deleteInBackground(name), () -> describe(name));
            try {
                agent.awaitReady(channel);
            } catch (SandboxFailure e) {
                channel.close();
                throw e;
            }
            log.debug("Leased executor pod {}", name);
            return Optional.of(new AgentSession(channel, agent));
        } catch (IOException | SandboxFailure e) {
            log.warn("Executor pod {} did not answer ({}); deleting it", name, e.getMessage());
            deleteInBackground(name);
            return Optional.empty();
        }
    }

    private String leasePatch(Pod pod) {
        StringBuilder patch = new StringBuilder("{\"metadata\":{\"resourceVersion\":\"")
                .append(pod.getMetadata().getResourceVersion()).append("\",\"labels\":{\"")
                .append(ExecutorPods.STATE_LABEL).append("\":\"").append(ExecutorPods.LEASED).append("\",\"")
                .append(ExecutorPods.WORKER_LABEL).append("\":\"").append(settings.worker().name())
                .append("\"},\"annotations\":{\"").append(ExecutorPods.LEASED_AT_ANNOTATION).append("\":\"")
                .append(clock.instant()).append("\"}");
        if (settings.worker().uid() != null) {
            patch.append(",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"")
                    .append(settings.worker().name()).append("\",\"uid\":\"").append(settings.worker().uid())
                    .append("\"}]");
        }
        return patch.append("}}").toString();
    }

    /**
     * Runs on the maintenance thread: replaces this worker's warm pods that ended or did not become ready in time,
     * then creates pods until it has its target.
     */
    private void maintain() {
        if (closed) {
            return;
        }
        try {
            Instant tooOld = clock.instant().minus(settings.readyTimeout());
            for (Pod pod : informer.getStore().list()) {
                String name = pod.getMetadata().getName();
                if (ownWarm.contains(name) && (PodStates.hasEnded(pod)
                        || !PodStates.isReady(pod) && PodStates.createdAt(pod).isBefore(tooOld))) {
                    log.warn("Replacing warm executor pod {} ({})", name, PodStates.describe(pod));
                    ownWarm.remove(name);
                    delete(name);
                }
            }
            while (!closed && ownWarm.size() < settings.targetReady()) {
                String name = settings.namePrefix() + HexFormat.of().formatHex(randomBytes(5));
                client.pods().inNamespace(settings.namespace()).resource(template.podFor(name,
                        HexFormat.of().formatHex(randomBytes(32)))).create();
                ownWarm.add(name);
            }
            lastMaintenanceFailure = null;
        } catch (KubernetesClientException e) {
            lastMaintenanceFailure = e.getMessage() != null ? e.getMessage() : e.toString();
            log.error("Could not keep the executor pods warm: {}", e.getMessage());
        } catch (RuntimeException e) {
            lastMaintenanceFailure = e.toString();
            log.error("Could not keep the executor pods warm", e);
        }
    }

    /** Runs a maintenance round as soon as the maintenance thread is free; none once the pool is closing. */
    private void maintainSoon() {
        try {
            maintenance.execute(this::maintain);
        } catch (RejectedExecutionException e) {
            // closing: no pod is created any more
        }
    }

    private void deleteInBackground(String name) {
        try {
            deleter.execute(() -> delete(name));
        } catch (RejectedExecutionException e) {
            delete(name); // shutting down
        }
    }

    private void delete(String name) {
        try {
            client.pods().inNamespace(settings.namespace()).withName(name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            log.warn("Could not delete executor pod {}: {}", name, e.getMessage());
        }
    }

    private String describe(String name) {
        try {
            return PodStates.describe(client.pods().inNamespace(settings.namespace()).withName(name).get());
        } catch (KubernetesClientException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private int agentPort(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String port = annotations == null ? null : annotations.get(ExecutorPods.AGENT_PORT_ANNOTATION);
        return port == null ? settings.agentPort() : Integer.parseInt(port);
    }

    private static String tokenOf(Pod pod) throws IOException {
        return pod.getSpec().getContainers().stream().flatMap(container -> container.getEnv().stream())
                .filter(env -> ExecutorPods.AGENT_TOKEN_ENV.equals(env.getName())).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new IOException("the pod has no agent token"));
    }

    private static String labelOf(Pod pod, String label) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(label);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private void signal() {
        synchronized (podsChanged) {
            podsChanged.notifyAll();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Wakes waiting leases when a warm pod changes; a pod that left the warm set is no longer this worker's to keep. */
    private final class PodEvents implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            signal();
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            signal();
            if (PodStates.hasEnded(after) && ownWarm.contains(after.getMetadata().getName())) {
                maintainSoon();
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            if (ownWarm.remove(pod.getMetadata().getName())) {
                maintainSoon();
            }
            signal();
        }
    }
}
