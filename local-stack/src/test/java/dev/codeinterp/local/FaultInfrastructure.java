package dev.codeinterp.local;

import dev.codeinterp.api.ApiApplication;
import dev.codeinterp.common.infra.redis.JobKeys;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.embedded.KafkaBroker;
import dev.codeinterp.embedded.KafkaBrokerProcess;
import dev.codeinterp.embedded.LocalPorts;
import dev.codeinterp.embedded.RedisServerProcess;
import dev.codeinterp.embedded.S3ProxyServer;
import dev.codeinterp.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A broker, Redis and S3 of one fault test's own, so that stopping or restarting them leaves the shared infrastructure
 * of the other tests alone, and the services it runs as JVMs of their own: Kafka runs as a child JVM and Redis keeps
 * an append-only file, so both come back on the same port with their data.
 */
final class FaultInfrastructure implements AutoCloseable {

    private final Path dir;
    private final KafkaBrokerProcess kafka;
    private final S3ProxyServer s3;
    private final List<ServiceJvm> services = new ArrayList<>();
    private RedisServerProcess redis;
    private LettuceConnectionFactory redisConnections;
    /** Far from the bases of the other tests (230000, 240000, 270000): a worker kills every process of its uids. */
    private int nextUidBase = 351_000;

    private FaultInfrastructure(Path dir, KafkaBrokerProcess kafka, S3ProxyServer s3, RedisServerProcess redis) {
        this.dir = dir;
        this.kafka = kafka;
        this.s3 = s3;
        this.redis = redis;
    }

    static FaultInfrastructure start(Path dir) {
        try {
            // sandboxes run as uids of their own and reach the agent's files through it
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(dir.resolve("kafka"), KafkaBroker.DEFAULT_PARTITIONS);
        return new FaultInfrastructure(dir, kafka, S3ProxyServer.inMemory(),
                RedisServerProcess.persistent(dir.resolve("redis")));
    }

    Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EmbeddedInfrastructure.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        properties.put(EmbeddedInfrastructure.REDIS_HOST, redis.host());
        properties.put(EmbeddedInfrastructure.REDIS_PORT, Integer.toString(redis.port()));
        properties.put(EmbeddedInfrastructure.S3_ENDPOINT, s3.endpoint());
        properties.put(EmbeddedInfrastructure.S3_ACCESS_KEY, s3.accessKey());
        properties.put(EmbeddedInfrastructure.S3_SECRET_KEY, s3.secretKey());
        properties.put(EmbeddedInfrastructure.MANAGEMENT_LISTEN_ADDR, "127.0.0.1:0");
        return properties;
    }

    /** An api replica in a JVM of its own, started; its address is {@link Api#baseUrl()}. */
    Api startApi(String instanceId, Map<String, String> extra) {
        int port = LocalPorts.freePort();
        Map<String, String> properties = springProperties();
        properties.put("app.http-listen-addr", "127.0.0.1:" + port);
        properties.put("app.instance-id", instanceId);
        properties.put("app.file-size-limit", "64Mi");
        properties.putAll(extra);
        ServiceJvm jvm = started(ServiceJvm.start(ApiApplication.class, properties, dir));
        return new Api(jvm, "http://127.0.0.1:" + port);
    }

    /** A worker in a JVM of its own, running {@code concurrency} jobs at a time in bubblewrap, started. */
    ServiceJvm startWorker(int concurrency) {
        int uidBase = nextUidBase;
        nextUidBase += 1_000;
        Map<String, String> properties = springProperties();
        properties.putAll(Map.of(
                "app.executor-backend", "local",
                "app.worker-concurrency", Integer.toString(concurrency),
                "app.executor-pod-queue-target-length", "1",
                "app.executor-host-uid-base", Integer.toString(uidBase),
                "app.executor-runtime-dir", dir.resolve("runtime-" + uidBase).toString(),
                "app.file-size-limit", "64Mi"));
        return started(ServiceJvm.start(WorkerApplication.class, properties, dir));
    }

    private ServiceJvm started(ServiceJvm jvm) {
        services.add(jvm);
        return jvm;
    }

    /** Stops Redis (SIGTERM: its append-only file is flushed); its port refuses connections until started again. */
    void stopRedis() {
        redis.close();
    }

    /** Starts Redis again on its port, with the keys it had. */
    void startRedis() {
        redis = redis.startAgain();
    }

    KafkaBrokerProcess kafka() {
        return kafka;
    }

    /** The attempt count of a job's record (the fencing token: 1 means it ran once). */
    String attemptOf(String jobId) {
        Object attempt = redisTemplate().opsForHash().get(JobKeys.record(jobId), "attempt");
        return attempt == null ? null : attempt.toString();
    }

    private synchronized StringRedisTemplate redisTemplate() {
        if (redisConnections == null) {
            redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(),
                    redis.port()));
            redisConnections.afterPropertiesSet();
        }
        return new StringRedisTemplate(redisConnections);
    }

    @Override
    public void close() throws Exception {
        for (ServiceJvm service : services) {
            service.close();
        }
        if (redisConnections != null) {
            redisConnections.destroy();
        }
        kafka.close();
        s3.close();
        redis.close();
    }

    /** An api replica and the address it serves. */
    record Api(ServiceJvm jvm, String baseUrl) {

        Api awaitStarted() {
            jvm.awaitStarted();
            return this;
        }

        WebTestClient client() {
            return TestStack.clientFor(baseUrl);
        }
    }
}
