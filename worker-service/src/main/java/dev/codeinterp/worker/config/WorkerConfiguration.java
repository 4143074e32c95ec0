package dev.codeinterp.worker.config;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.retry.BoundedRetry;
import dev.codeinterp.worker.execution.RunJob;
import dev.codeinterp.worker.metrics.MicrometerExecutionMetrics;
import dev.codeinterp.worker.metrics.MicrometerPackageInstalls;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.health.SandboxPoolHealthIndicator;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.execution.JobPackages;
import dev.codeinterp.worker.packages.ProbedSandboxPython;
import dev.codeinterp.worker.packages.SandboxPython;
import dev.codeinterp.worker.packages.SandboxPythonSource;
import dev.codeinterp.worker.packages.ModuleDistributions;
import dev.codeinterp.worker.packages.PackageProvisioning;
import dev.codeinterp.worker.packages.PackageStore;
import dev.codeinterp.worker.packages.PipInstaller;
import dev.codeinterp.worker.sandbox.local.AgentRuntime;
import dev.codeinterp.worker.sandbox.local.BubblewrapCommand;
import dev.codeinterp.worker.sandbox.local.CgroupHost;
import dev.codeinterp.worker.sandbox.local.CgroupLimits;
import dev.codeinterp.worker.sandbox.local.HostUids;
import dev.codeinterp.worker.sandbox.local.FreshSandboxStarter;
import dev.codeinterp.worker.sandbox.local.LocalSandboxPool;
import dev.codeinterp.worker.sandbox.local.SandboxCaps;
import dev.codeinterp.worker.sandbox.local.SandboxStarter;
import dev.codeinterp.worker.sandbox.local.ZygoteCommand;
import dev.codeinterp.worker.sandbox.local.ZygoteSandboxStarter;
import dev.codeinterp.worker.sandbox.kubernetes.ExecutorPodSettings;
import dev.codeinterp.worker.sandbox.kubernetes.KubernetesSandboxPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;

/** Wires the worker: sandbox pool, the run-job use case and the job threads (Kafka adapters: {@code infra.kafka}). */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);
    private static final int UID_MARGIN = 8;
    /**
     * Tries of each job-store call before a job is handed back: with pauses of 0.25, 0.5, 1, 2 and 4 s and each try
     * bounded by the Redis command timeout, a store that is back within about 10 s only delays the job.
     */
    private static final int STORE_TRIES = 6;
    private static final Duration STORE_FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration STORE_MAX_PAUSE = Duration.ofSeconds(4);

    /** Part of the worker's readiness ({@code sandboxPool}). */
    @Bean
    SandboxPoolHealthIndicator sandboxPoolHealthIndicator(SandboxPool sandboxPool) {
        return new SandboxPoolHealthIndicator(sandboxPool);
    }

    @Bean(destroyMethod = "close")
    SandboxPool sandboxPool(WorkerProperties properties, PackageProperties packages,
            KubernetesExecutorProperties kubernetes, ObjectProvider<KubernetesClient> kubernetesClient,
            AgentClient agent, Clock clock) throws IOException, SandboxFailure {
        return switch (properties.executorBackend()) {
            case "local" -> localSandboxPool(properties, packages, agent);
            case "kubernetes" -> kubernetesSandboxPool(properties, packages, kubernetes, kubernetesClient.getObject(),
                    agent, clock);
            default -> throw new IllegalArgumentException("APP_EXECUTOR_BACKEND must be 'local' or 'kubernetes', got '"
                    + properties.executorBackend() + "'");
        };
    }

    private static SandboxPool localSandboxPool(WorkerProperties properties, PackageProperties packages,
            AgentClient agent) throws IOException, SandboxFailure {
        Path runtimeDir = properties.executorRuntimeDir().isBlank()
                ? Files.createTempDirectory("code-interpreter-runtime-")
                : Path.of(properties.executorRuntimeDir());
        int uid = properties.executorSandboxUid();
        int starterThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        HostUids hostUids = hostUids(properties, starterThreads);
        if (hostUids != null) {
            AgentRuntime.requireReachableByOthers(runtimeDir);
        }
        AgentRuntime runtime = AgentRuntime.installIn(runtimeDir, properties.executorPython(), uid, uid);
        BubblewrapCommand command = new BubblewrapCommand(properties.executorBwrapPath(), properties.executorPython(),
                runtime, properties.fileSizeLimitBytes(), properties.executorTmpSizeBytes(), uid, uid,
                properties.executorNetwork() == WorkerProperties.ExecutorNetwork.EGRESS);
        if (packages.enabled()) {
            Path store = PackageStore.storeOf(packages.cacheDir());
            Files.createDirectories(store);
            command = command.withPackageStore(store);
        }
        int target = properties.executorPodQueueTargetLength();
        CgroupHost cgroups = cgroupHost(properties);
        CgroupLimits limits = properties.sandboxCgroupLimits();
        SandboxCaps freshCaps = SandboxCaps.withoutCgroups(false, hostUids != null, properties.fileSizeLimitBytes(),
                properties.executorTmpSizeBytes(), properties.executorLimits().memoryBytes(),
                properties.executorMaxProcesses(), cgroups.unavailable().orElse(null));
        SandboxCaps zygoteCaps = SandboxCaps.withoutCgroups(true, hostUids != null, freshCaps.workspaceBytes(),
                freshCaps.tmpBytes(), freshCaps.memoryBytes(), freshCaps.maxProcesses(),
                cgroups.unavailable().orElse(null));
        if (cgroups.unavailable().isEmpty()) {
            freshCaps = freshCaps.withCgroups(limits);
            zygoteCaps = zygoteCaps.withCgroups(limits);
        }
        FreshSandboxStarter fresh = new FreshSandboxStarter(command, hostUids, agent, cgroups, limits);
        if (properties.executorMode() == WorkerProperties.ExecutorMode.FRESH) {
            return startPool(fresh, agent, target, starterThreads, freshCaps);
        }
        ZygoteSandboxStarter zygote = new ZygoteSandboxStarter(new ZygoteCommand(command,
                properties.executorPreload()), hostUids, agent, cgroups, limits);
        if (properties.executorMode() == WorkerProperties.ExecutorMode.ZYGOTE) {
            return startPool(zygote, agent, target, starterThreads, zygoteCaps);
        }
        try {
            return startPool(zygote, agent, target, starterThreads, zygoteCaps);
        } catch (SandboxFailure e) {
            log.warn("APP_EXECUTOR_MODE=auto: the zygote does not work on this host, so every job gets a fresh sandbox "
                    + "and interpreter (slower; set APP_EXECUTOR_MODE=fresh to skip trying): {}", e.getMessage());
            return startPool(fresh, agent, target, starterThreads, freshCaps);
        }
    }

    /** Where each sandbox gets its cgroups, as APP_EXECUTOR_CGROUPS asks and the host allows. */
    private static CgroupHost cgroupHost(WorkerProperties properties) {
        if (properties.executorCgroups() == WorkerProperties.ExecutorCgroups.OFF) {
            return CgroupHost.none("APP_EXECUTOR_CGROUPS=off");
        }
        CgroupHost host = CgroupHost.detect();
        if (properties.executorCgroups() == WorkerProperties.ExecutorCgroups.REQUIRED
                && host.unavailable().isPresent()) {
            throw new IllegalStateException("APP_EXECUTOR_CGROUPS=required, but sandboxes cannot get a cgroup each on "
                    + "this host: " + host.unavailable().get());
        }
        return host;
    }

    private static LocalSandboxPool startPool(SandboxStarter starter, AgentClient agent, int target,
            int starterThreads, SandboxCaps caps) throws SandboxFailure {
        LocalSandboxPool pool = new LocalSandboxPool(starter, agent, target, starterThreads);
        try {
            pool.start();
            log.info("Sandboxes: {}", starter.describe());
            caps.describe().forEach(line -> log.info("Sandbox caps, {}", line));
            return pool;
        } catch (SandboxFailure | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static SandboxPool kubernetesSandboxPool(WorkerProperties properties, PackageProperties packages,
            KubernetesExecutorProperties kubernetes, KubernetesClient client, AgentClient agent, Clock clock)
            throws IOException {
        String packageClaim = packageClaim(packages, kubernetes);
        if (!packageClaim.isEmpty()) {
            // before the first pod mounts it: a sub-path the kubelet had to create would be root's, not the worker's
            Files.createDirectories(PackageStore.storeOf(packages.cacheDir()));
        }
        String namespace = kubernetes.executorNamespace().isBlank()
                ? Objects.requireNonNullElse(client.getNamespace(), "default") : kubernetes.executorNamespace();
        KubernetesSandboxPool pool = new KubernetesSandboxPool(client, new ExecutorPodSettings(namespace,
                kubernetes.executorPodNamePrefix(), kubernetes.executorImage(), kubernetes.executorImagePullPolicy(),
                kubernetes.executorAgentPort(), kubernetes.executorContainerResources(),
                kubernetes.executorPodSpecExtra(), properties.fileSizeLimitBytes(), properties.executorTmpSizeBytes(),
                kubernetes.workerPod(), properties.executorPodQueueTargetLength(),
                kubernetes.executorPodReadyTimeout(), properties.executorPreload(),
                packageClaim), agent, clock);
        pool.start();
        return pool;
    }

    /**
     * The claim executor pods mount the package store from: none while installation is off, and required while on.
     */
    static String packageClaim(PackageProperties packages, KubernetesExecutorProperties kubernetes) {
        if (!packages.enabled()) {
            return "";
        }
        if (kubernetes.executorPackageClaim().isBlank()) {
            throw new IllegalArgumentException("Package installation (APP_PIP_INDEX_URL, APP_PIP_EXTRA_INDEX_URL or "
                    + "APP_PIP_FIND_LINKS) with APP_EXECUTOR_BACKEND=kubernetes needs APP_EXECUTOR_PACKAGE_CLAIM: the "
                    + "ReadWriteMany claim mounted at APP_PACKAGE_CACHE_DIR, which executor pods mount read-only");
        }
        return kubernetes.executorPackageClaim().strip();
    }

    /** The Kubernetes API client, configured as fabric8 finds it (in a cluster: the pod's service account). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "app.executor-backend", havingValue = "kubernetes")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    /**
     * A host uid per live sandbox when the worker is root, else none. Sandboxes alive at once: the warm ones, those
     * running jobs, as many again started by leases that found the pool empty, those being started, and a few whose
     * processes are still being reaped.
     */
    private static HostUids hostUids(WorkerProperties properties, int starterThreads) {
        if (!HostUids.workerIsRoot()) {
            return null;
        }
        int size = properties.executorPodQueueTargetLength() + 2 * properties.workerConcurrency() + starterThreads
                + UID_MARGIN;
        return new HostUids(properties.executorHostUidBase(), size);
    }

    @Bean
    AgentClient agentClient() {
        return new AgentClient();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sandboxWatchdog() {
        return Executors.newSingleThreadScheduledExecutor(daemon("sandbox-watchdog"));
    }

    /** Apart from the watchdog, so that a slow Redis never delays a deadline. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService leaseRenewals() {
        return Executors.newSingleThreadScheduledExecutor(daemon("lease-renewals"));
    }

    /**
     * Package installation, when an index or wheel directory is set. Local sandboxes run the Python the worker asks at
     * start; executor pods run their image's, which the worker learns by running a probe in one of them (executor
     * pods mount the store from the claim the worker mounts at {@code APP_PACKAGE_CACHE_DIR}).
     */
    @Bean
    JobPackages jobPackages(WorkerProperties properties, PackageProperties packages, SandboxPool pool, Clock clock,
            MeterRegistry registry) throws IOException {
        if (!packages.enabled()) {
            log.info("Package installation is off (set APP_PIP_INDEX_URL, APP_PIP_EXTRA_INDEX_URL or "
                    + "APP_PIP_FIND_LINKS to turn it on)");
            return JobPackages.NONE;
        }
        SandboxPythonSource pythons = "local".equals(properties.executorBackend())
                ? SandboxPythonSource.known(SandboxPython.probe(properties.executorPython()))
                : new ProbedSandboxPython(pool, command -> daemon("sandbox-python-probe-").newThread(command).start(),
                        clock).start();
        PipInstaller pip = new PipInstaller(new PipInstaller.Settings(properties.executorPython(),
                packages.pipIndexUrl(), packages.pipExtraIndexUrl(), packages.pipFindLinks(),
                packages.pipInstallTimeout()));
        log.info("Package installation: missing imports are installed into {}", packages.cacheDir());
        return new PackageProvisioning(pythons,
                ModuleDistributions.standard(), new PackageStore(packages.cacheDir(), packages.cacheMaxBytes()),
                SandboxPool.PACKAGES_MOUNT,
                pip, clock, packages.pipConcurrentInstalls(), new MicrometerPackageInstalls(registry));
    }

    @Bean
    RunJob runJob(SandboxPool pool, FileStore fileStore, GrantLedger grants, OrphanedObjects orphans,
            JobLifecycle lifecycle, JobStore jobs, InFlightSlots slots, LiveOutput liveOutput,
            ScheduledExecutorService sandboxWatchdog, ScheduledExecutorService leaseRenewals, Clock clock,
            WorkerProperties properties, MeterRegistry registry, JobPackages packages) {
        return new RunJob(pool, fileStore, grants, orphans, lifecycle, jobs, slots, liveOutput, sandboxWatchdog,
                leaseRenewals, clock,
                new RunJob.RunSettings(properties.fileSizeLimitBytes(), properties.resultGrace(),
                        properties.executorLimits(), properties.jobMaxAttempts()),
                storeRetry(), new MicrometerExecutionMetrics(registry, pool), packages);
    }

    /** Retries what Spring reports as a data-store failure (Redis refusing connections, a command timing out). */
    static BoundedRetry storeRetry() {
        return new BoundedRetry(STORE_TRIES, STORE_FIRST_PAUSE, STORE_MAX_PAUSE, DataAccessException.class::isInstance,
                BoundedRetry.Sleeper.THREAD);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService jobThreads(WorkerProperties properties) {
        return Executors.newFixedThreadPool(properties.workerConcurrency(), daemon("job-"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
