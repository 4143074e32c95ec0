package dev.codeinterp.common.infra.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A private redis-server for each integration-test class that registers this extension in a static field:
 * <pre>{@code @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();}</pre>
 * It starts before the class's first test and stops after its last, standalone unless the class is annotated
 * {@link OnRedisCluster} (a subclass so annotated reruns every test of its parent on a single-node cluster). A parent
 * and its subclass share the field, so their classes must not run in parallel (they do not: no parallel execution
 * is configured).
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private TestRedis server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = AnnotationSupport.isAnnotated(context.getRequiredTestClass(), OnRedisCluster.class)
                ? TestRedis.startCluster() : TestRedis.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) { // null when it failed to start: that failure is the one to report
            server.close();
            server = null;
        }
    }

    /** A template connected to the running server. */
    public StringRedisTemplate template() {
        return running().template();
    }

    /** Removes every key, so each test starts from an empty database. */
    public void flushAll() {
        running().flushAll();
    }

    /** The key's absolute expiry in epoch seconds; -1 when it has none, -2 when the key does not exist. */
    public long expireTime(String key) {
        return running().expireTime(key);
    }

    /** {@code host:port} of the server (for a cluster, its one node). */
    public String address() {
        return running().address();
    }

    private TestRedis running() {
        if (server == null) {
            throw new IllegalStateException("redis-server runs only from the test class's start to its end");
        }
        return server;
    }
}
