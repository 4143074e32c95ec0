package dev.codeinterp.local;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import dev.codeinterp.worker.sandbox.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One running stack (embedded infrastructure + api + worker + janitor) shared by the end-to-end tests of a JVM. */
final class TestStack {

    /**
     * Below the programs' wall timeouts, so that a busy loop meets the CPU limit first; above the ~4 CPU seconds this
     * slow machine needs to page in the 1 GiB a memory bomb reaches before its MemoryError.
     */
    static final long CPU_TIME_LIMIT_SECONDS = 6;
    /** The default process limit of a sandbox. */
    static final int MAX_PROCESSES = 256;

    /** The key signing job callbacks. */
    static final String CALLBACK_SECRET = "e2e-callback-secret";

    /** {@code -De2e.backend=kubernetes} runs the suite on the Kubernetes backend, against a mock cluster. */
    private static final boolean KUBERNETES = "kubernetes".equals(System.getProperty("e2e.backend", "local"));

    private static LocalStack stack;
    private static MockCluster mockCluster;
    private static boolean closed;
    private static Path uploadTempDir;
    private static Path wheelDirectory;

    private TestStack() {
    }

    private static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the stack while the infrastructure it uses still runs: at JVM exit, shutdown hooks (Kafka's temporary
     * directories, redis-server's) would tear that down at the same time.
     */
    static synchronized void close() {
        if (stack != null && !closed) {
            closed = true;
            stack.close();
            if (mockCluster != null) {
                mockCluster.close();
            }
        }
    }

    static synchronized LocalStack get() {
        if (closed) {
            throw new IllegalStateException("the end-to-end stack was closed with the test plan");
        }
        if (stack == null) {
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            uploadTempDir = createTempDirectory("e2e-uploads");
            uploadTempDir.toFile().deleteOnExit();
            Map<String, String> properties = new HashMap<>(Map.of(
                    "app.http-listen-addr", "127.0.0.1:0",
                    "app.instance-id", "e2e-main",
                    "app.executor-pod-queue-target-length", "2",
                    "app.file-size-limit", "64Mi",
                    "app.executor-cpu-time-limit", Long.toString(CPU_TIME_LIMIT_SECONDS),
                    "app.executor-host-uid-base", "230000",
                    "app.queue-timeout", "60",
                    "app.shutdown-grace", "5",
                    "app.upload-temp-dir", uploadTempDir.toString()));
            // The zygote, never a silent fall back to fresh sandboxes; -De2e.executor-mode=fresh for those.
            properties.put("app.executor-mode", System.getProperty("e2e.executor-mode", "zygote"));
            // Callbacks go to servers of the tests on this machine: "localhost" only (127.0.0.1 stays refused).
            properties.put("app.callback-host-allowlist", "localhost");
            properties.put("app.callback-secret", CALLBACK_SECRET);
            // Package installation from a directory of wheels the tests build (PackageInstallationIT), into a store
            // of this run's own; sandboxes (other uids) must reach both.
            wheelDirectory = readableTempDirectory("e2e-wheels");
            properties.put("app.pip-find-links", wheelDirectory.toString());
            properties.put("app.package-cache-dir", readableTempDirectory("e2e-packages").toString());
            // The gRPC API too, on a port of its own (GrpcApiIT).
            properties.put("app.grpc-enabled", "true");
            properties.put("app.grpc-listen-addr", "127.0.0.1:0");
            MockCluster cluster = KUBERNETES ? startMockCluster(properties) : null;
            stack = LocalStack.start(EmbeddedInfrastructure.shared(), properties);
            mockCluster = cluster;
            // at the end of the test plan (TestStackCloser), else before the shared infrastructure stops
            EmbeddedInfrastructure.shared().closeBeforeStopping(TestStack::close);
        }
        return stack;
    }

    private static Path readableTempDirectory(String prefix) {
        Path directory = createTempDirectory(prefix);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    /** Where the worker's pip finds wheels ({@code APP_PIP_FIND_LINKS}). */
    static synchronized Path wheelDirectory() {
        get();
        return wheelDirectory;
    }

    /**
     * A mock Kubernetes API with a fake kubelet that runs each executor pod's agent in bubblewrap, and the worker's
     * settings to use it (its client finds the mock through fabric8's system properties).
     */
    private static MockCluster startMockCluster(Map<String, String> properties) {
        Path kubeletDir = createTempDirectory("e2e-kubelet");
        try {
            // sandboxes run as uids of their own and reach the agent's files through it
            Files.setPosixFilePermissions(kubeletDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path runtimeDir = kubeletDir.resolve("runtime");
        MockCluster cluster = MockCluster.start(runtimeDir, 240_000);
        // the package store's claim: the worker's APP_PACKAGE_CACHE_DIR, mounted read-only in executor pods
        cluster.kubelet().bindClaim("e2e-package-cache", Path.of(properties.get("app.package-cache-dir")));
        properties.put("app.executor-package-claim", "e2e-package-cache");
        cluster.clientSystemProperties().forEach(System::setProperty);
        // the worker's own pod, as the downward API would name it: the janitor reaps executor pods of absent workers
        Pod worker = cluster.client().pods().resource(new PodBuilder().withNewMetadata().withName("e2e-worker")
                .addToLabels("app.kubernetes.io/component", "worker").endMetadata().withNewSpec().addNewContainer()
                .withName("worker").withImage("code-interpreter-worker:test").endContainer().endSpec().build())
                .create();
        properties.put("app.executor-backend", "kubernetes");
        properties.put("app.executor-pod-name-prefix", "e2e-executor-");
        properties.put("app.worker-pod-name", worker.getMetadata().getName());
        properties.put("app.worker-pod-uid", Objects.requireNonNullElse(worker.getMetadata().getUid(), "e2e-uid"));
        return cluster;
    }

    /**
     * Whether a program's network is its own: with the local backend it is; on the Kubernetes backend a NetworkPolicy
     * isolates executor pods in a cluster, and the tests' fake kubelet shares the host's network instead.
     */
    static boolean sandboxesHaveTheirOwnNetwork() {
        return !KUBERNETES;
    }

    /** Where the api stages uploads while it receives them; empty between requests. */
    static synchronized Path uploadTempDir() {
        get();
        return uploadTempDir;
    }

    /** Host directories where the stack keeps data: none of them may be visible inside a sandbox. */
    static List<Path> dataDirectories() {
        List<Path> directories = new ArrayList<>(List.of(uploadTempDir(), Path.of(System.getProperty("user.dir"))));
        EmbeddedInfrastructure.shared().s3().dataDir().ifPresent(directories::add);
        return directories;
    }

    static WebTestClient client() {
        return clientFor(get().baseUrl());
    }

    static WebTestClient clientFor(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }
}
