package dev.codeinterp.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis, an S3-compatible store and Kafka, all local: a {@link RedisServerProcess} child
 * process, an in-JVM {@link S3ProxyServer} and an in-JVM {@link KafkaBroker}. The three start in
 * parallel and stop in reverse order (Kafka, S3, Redis).
 *
 * <ul>
 *   <li>{@link #forTests()}: ephemeral Redis, in-memory S3, random ports;</li>
 *   <li>{@link #shared()}: one {@code forTests()}-like instance per JVM, started on first use and
 *       stopped by a shutdown hook, for integration tests that would otherwise each pay the start-up;</li>
 *   <li>{@link #persistent(Path)}: for the all-in-one launcher; Redis keeps an append-only file in
 *       {@code dataDir/redis} and S3 objects live in {@code dataDir/s3}. Kafka is never persistent.</li>
 * </ul>
 *
 * <p>{@link #springProperties()} gives the properties a Spring Boot service needs to connect.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    /** Spring property: Kafka bootstrap servers. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    /** Spring property: Redis host. */
    public static final String REDIS_HOST = "spring.data.redis.host";
    /** Spring property: Redis port. */
    public static final String REDIS_PORT = "spring.data.redis.port";
    /** Application property: S3 endpoint URL. */
    public static final String S3_ENDPOINT = "app.s3.endpoint";
    /** Application property: S3 access key. */
    public static final String S3_ACCESS_KEY = "app.s3.access-key";
    /** Application property: S3 secret key. */
    public static final String S3_SECRET_KEY = "app.s3.secret-key";

    /** Application property: where the worker and janitor serve their health; any free loopback port here. */
    public static final String MANAGEMENT_LISTEN_ADDR = "app.management-listen-addr";

    private static final Object SHARED_LOCK = new Object();
    private static EmbeddedInfrastructure sharedInstance;
    private static RuntimeException sharedFailure;

    private final RedisServerProcess redis;
    private final S3ProxyServer s3;
    private final KafkaBroker kafka;
    private final Map<String, String> springProperties;
    private final boolean shared;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Deque<AutoCloseable> users = new ConcurrentLinkedDeque<>();

    private EmbeddedInfrastructure(RedisServerProcess redis, S3ProxyServer s3, KafkaBroker kafka, boolean shared) {
        this.redis = redis;
        this.s3 = s3;
        this.kafka = kafka;
        this.shared = shared;
        Map<String, String> props = new LinkedHashMap<>();
        props.put(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        props.put(MANAGEMENT_LISTEN_ADDR, "127.0.0.1:0");
        props.put(REDIS_HOST, redis.host());
        props.put(REDIS_PORT, Integer.toString(redis.port()));
        props.put(S3_ENDPOINT, s3.endpoint());
        props.put(S3_ACCESS_KEY, s3.accessKey());
        props.put(S3_SECRET_KEY, s3.secretKey());
        this.springProperties = Collections.unmodifiableMap(props);
    }

    /**
     * Starts a fresh instance for a test: ephemeral Redis, in-memory S3, Kafka with
     * {@value KafkaBroker#DEFAULT_PARTITIONS} default partitions, all on random ports.
     *
     * @return the running infrastructure; close it when done
     */
    public static EmbeddedInfrastructure forTests() {
        return builder().start();
    }

    /**
     * Starts a persistent instance on random ports.
     *
     * @param dataDir directory holding {@code redis/} and {@code s3/}; created if missing
     * @return the running infrastructure
     */
    public static EmbeddedInfrastructure persistent(Path dataDir) {
        return builder().persistentDataDir(dataDir).start();
    }

    /**
     * Starts a persistent instance, as the all-in-one launcher does.
     *
     * @param dataDir   directory holding {@code redis/} and {@code s3/}; created if missing
     * @param redisPort Redis port, {@code 0} for random
     * @param s3Port    S3 port, {@code 0} for random
     * @return the running infrastructure
     */
    public static EmbeddedInfrastructure persistent(Path dataDir, int redisPort, int s3Port) {
        return builder().persistentDataDir(dataDir).redisPort(redisPort).s3Port(s3Port).start();
    }

    /**
     * Returns the JVM-wide instance for integration tests, starting it on first call (ephemeral,
     * in-memory, random ports). Its {@link #close()} does nothing: a shutdown hook stops it when the
     * JVM exits. Tests sharing it must use their own topic names, key prefixes and buckets. If the
     * first start fails, later calls rethrow that failure rather than trying again.
     *
     * @return the shared running infrastructure
     */
    public static EmbeddedInfrastructure shared() {
        synchronized (SHARED_LOCK) {
            if (sharedFailure != null) {
                throw new IllegalStateException("The shared embedded infrastructure failed to start", sharedFailure);
            }
            if (sharedInstance == null) {
                try {
                    EmbeddedInfrastructure infra = builder().start(true);
                    Runtime.getRuntime().addShutdownHook(new Thread(infra::stopAll, "embedded-infra-shutdown"));
                    sharedInstance = infra;
                }
                catch (RuntimeException e) {
                    sharedFailure = e;
                    throw e;
                }
            }
            return sharedInstance;
        }
    }

    /**
     * Returns a builder for custom set-ups.
     *
     * @return a builder with the {@link #forTests()} defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the Redis child process */
    public RedisServerProcess redis() {
        return redis;
    }

    /** @return the S3-compatible server */
    public S3ProxyServer s3() {
        return s3;
    }

    /** @return the Kafka broker */
    public KafkaBroker kafka() {
        return kafka;
    }

    /**
     * The properties a service needs to reach this infrastructure: {@value #KAFKA_BOOTSTRAP_SERVERS},
     * {@value #REDIS_HOST}, {@value #REDIS_PORT}, {@value #S3_ENDPOINT}, {@value #S3_ACCESS_KEY} and
     * {@value #S3_SECRET_KEY}.
     *
     * @return an immutable, ordered map
     */
    public Map<String, String> springProperties() {
        return springProperties;
    }

    /** @return whether this is the {@link #shared()} instance, whose {@code close()} does nothing */
    public boolean isShared() {
        return shared;
    }

    /**
     * Stops Kafka, then S3, then Redis. Idempotent. Does nothing on the {@link #shared()} instance.
     */
    @Override
    public void close() {
        if (shared) {
            log.debug("close() ignored on the shared embedded infrastructure; a shutdown hook stops it");
            return;
        }
        stopAll();
    }

    /**
     * Closes {@code user} (something running on this infrastructure, such as a test's services) when the
     * infrastructure stops, before the broker and servers it uses: JVM shutdown hooks run at the same time, so a
     * hook of its own could find the broker already gone. The last registered closes first.
     */
    public void closeBeforeStopping(AutoCloseable user) {
        users.push(user);
    }

    private void stopAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException usersFailure = closeAll(List.copyOf(users));
        if (usersFailure != null) {
            log.warn("Closing what ran on the embedded infrastructure failed", usersFailure);
        }
        RuntimeException failure = closeAll(List.of(kafka, s3, redis));
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException closeAll(List<AutoCloseable> components) {
        RuntimeException failure = null;
        for (AutoCloseable component : components) {
            if (component == null) {
                continue;
            }
            try {
                component.close();
            }
            catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Failed to stop embedded infrastructure");
                }
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return "EmbeddedInfrastructure" + springProperties;
    }

    /** Configures and starts an {@link EmbeddedInfrastructure}. */
    public static final class Builder {

        private Path dataDir;
        private int redisPort;
        private int s3Port;
        private String s3AccessKey = S3ProxyServer.DEFAULT_ACCESS_KEY;
        private String s3SecretKey = S3ProxyServer.DEFAULT_SECRET_KEY;
        private int kafkaDefaultPartitions = KafkaBroker.DEFAULT_PARTITIONS;
        private final Map<String, Integer> topics = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Makes Redis and S3 persistent under this directory ({@code redis/} and {@code s3/}).
         *
         * @param dataDir the directory, or {@code null} for ephemeral/in-memory (the default)
         * @return this builder
         */
        public Builder persistentDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * @param port Redis port, {@code 0} (the default) for random
         * @return this builder
         */
        public Builder redisPort(int port) {
            this.redisPort = port;
            return this;
        }

        /**
         * @param port S3 port, {@code 0} (the default) for random
         * @return this builder
         */
        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        /**
         * @param accessKey S3 access key
         * @param secretKey S3 secret key
         * @return this builder
         */
        public Builder s3Credentials(String accessKey, String secretKey) {
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        /**
         * @param partitions partitions of auto-created Kafka topics (default {@value KafkaBroker#DEFAULT_PARTITIONS})
         * @return this builder
         */
        public Builder kafkaDefaultPartitions(int partitions) {
            this.kafkaDefaultPartitions = partitions;
            return this;
        }

        /**
         * Adds a Kafka topic to create at start-up.
         *
         * @param name       topic name
         * @param partitions partition count
         * @return this builder
         */
        public Builder topic(String name, int partitions) {
            this.topics.put(name, partitions);
            return this;
        }

        /**
         * Adds Kafka topics to create at start-up.
         *
         * @param namesToPartitions topic name to partition count
         * @return this builder
         */
        public Builder topics(Map<String, Integer> namesToPartitions) {
            this.topics.putAll(namesToPartitions);
            return this;
        }

        /**
         * Starts the three components in parallel and waits until all are ready. If one fails, those
         * already started are stopped and the failure is thrown.
         *
         * @return the running infrastructure
         */
        public EmbeddedInfrastructure start() {
            return start(false);
        }

        private EmbeddedInfrastructure start(boolean shared) {
            long startNanos = System.nanoTime();
            Map<String, Integer> topicsToCreate = new LinkedHashMap<>(topics);
            AtomicInteger threadCount = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
                Thread thread = new Thread(runnable, "embedded-infra-start-" + threadCount.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                // Kafka is by far the slowest; submit it first.
                CompletableFuture<KafkaBroker> kafka = submit(executor,
                        () -> KafkaBroker.start(kafkaDefaultPartitions, topicsToCreate));
                CompletableFuture<S3ProxyServer> s3 = submit(executor, () -> dataDir == null
                        ? S3ProxyServer.inMemory(s3Port, s3AccessKey, s3SecretKey)
                        : S3ProxyServer.filesystem(dataDir.resolve("s3"), s3Port, s3AccessKey, s3SecretKey));
                CompletableFuture<RedisServerProcess> redis = submit(executor, () -> dataDir == null
                        ? RedisServerProcess.ephemeral(redisPort)
                        : RedisServerProcess.persistent(dataDir.resolve("redis"), redisPort));
                RuntimeException failure = null;
                for (CompletableFuture<?> future : List.of(kafka, s3, redis)) {
                    try {
                        future.join();
                    }
                    catch (CompletionException e) {
                        if (failure == null) {
                            failure = new IllegalStateException("Embedded infrastructure failed to start");
                        }
                        failure.addSuppressed(e.getCause() == null ? e : e.getCause());
                    }
                }
                if (failure != null) {
                    RuntimeException closeFailure = closeAll(startedOf(List.of(kafka, s3, redis)));
                    if (closeFailure != null) {
                        failure.addSuppressed(closeFailure);
                    }
                    throw failure;
                }
                EmbeddedInfrastructure infra = new EmbeddedInfrastructure(redis.join(), s3.join(), kafka.join(), shared);
                log.info("Embedded infrastructure{} ready in {} ms: {}", shared ? " (shared)" : "",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), infra.springProperties);
                return infra;
            }
            finally {
                executor.shutdownNow();
            }
        }

        private static <T> CompletableFuture<T> submit(ExecutorService executor, Supplier<T> task) {
            return CompletableFuture.supplyAsync(task, executor);
        }

        private static List<AutoCloseable> startedOf(List<CompletableFuture<? extends AutoCloseable>> futures) {
            List<AutoCloseable> started = new ArrayList<>();
            for (CompletableFuture<? extends AutoCloseable> future : futures) {
                if (!future.isCompletedExceptionally()) {
                    started.add(future.join());
                }
            }
            return started;
        }
    }
}
