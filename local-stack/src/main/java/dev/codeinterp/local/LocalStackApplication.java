package dev.codeinterp.local;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded all-in-one mode: {@code scripts/run-local.sh} runs this. Starts a private redis-server, an s3proxy on
 * local disk and a Kafka broker, then api + worker + janitor, keeping data under {@code APP_LOCAL_DATA_DIR}
 * (default {@code ./.local-data}); stops everything on Ctrl-C.
 */
public final class LocalStackApplication {

    /** The exit status when something did not start. */
    static final int START_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(LocalStackApplication.class);

    private LocalStackApplication() {
    }

    /**
     * Where the worker installs the agent for sandboxes: one directory per data directory, reused at every start, in
     * the system temp directory because sandboxes run as other users and must reach it — a checkout under a private
     * home directory (root's is 0700) would not let them.
     */
    static Path runtimeDirFor(Path dataDir) {
        String id = Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), "code-interpreter-runtime-" + id);
    }

    /**
     * Exits with status {@value #START_FAILED}, the reason on stderr, when the infrastructure or any service fails to
     * start: a stack missing one of its services must not stay up serving nothing.
     */
    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        // One logback.xml for all three applications; otherwise each would configure logging again.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Path dataDir = Path.of(envOr("APP_LOCAL_DATA_DIR", ".local-data")).toAbsolutePath();
        LocalStack stack;
        try {
            stack = start(dataDir);
        } catch (RuntimeException e) {
            log.error("The code interpreter did not start", e);
            System.err.println("The code interpreter did not start: "
                    + (e instanceof ServiceStartException ? e.getMessage() : ServiceStartException.reasons(e)));
            for (Throwable other : e.getSuppressed()) {
                System.err.println(other.getMessage());
            }
            System.exit(START_FAILED);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the local stack");
            try {
                stack.close();
            } finally {
                stopped.countDown();
            }
        }, "local-stack-shutdown"));
        log.info("Code interpreter ready at {} in {} ms (data in {})", stack.baseUrl(),
                (System.nanoTime() - started) / 1_000_000, dataDir);
        stopped.await();
    }

    /** The infrastructure, then the services; on a failure whatever did start is stopped before it is thrown. */
    private static LocalStack start(Path dataDir) {
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.persistent(dataDir);
        Map<String, String> properties = new HashMap<>();
        if (System.getenv("APP_EXECUTOR_RUNTIME_DIR") == null) {
            properties.put("app.executor-runtime-dir", runtimeDirFor(dataDir).toString());
        }
        // Like its HTTP listener, the all-in-one stack's gRPC server (when APP_GRPC_ENABLED) is on loopback only.
        if (System.getenv("APP_GRPC_LISTEN_ADDR") == null) {
            properties.put("app.grpc-listen-addr", "127.0.0.1:50051");
        }
        try {
            return LocalStack.start(infrastructure, properties);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
