package dev.codeinterp.common.infra.redis;

import dev.codeinterp.embedded.RedisServerProcess;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A private, ephemeral redis-server and a template connected to it, for one integration-test class: standalone, or
 * a single-node Redis Cluster owning all 16384 slots, reached through Lettuce's cluster client (which refuses and
 * lets the server refuse what a real cluster would: keys of one command or script in different slots).
 */
public final class TestRedis implements AutoCloseable {

    private static final RedisScript<Long> EXPIRETIME =
            RedisScript.of("return redis.call('EXPIRETIME', KEYS[1])", Long.class);

    private final RedisServerProcess server;
    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;

    private TestRedis(RedisServerProcess server, boolean cluster) {
        this.server = server;
        this.connections = cluster
                ? new LettuceConnectionFactory(
                        new RedisClusterConfiguration(List.of(server.host() + ":" + server.port())))
                : new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
        connections.afterPropertiesSet();
        connections.start();
        this.template = new StringRedisTemplate(connections);
    }

    public static TestRedis start() {
        return new TestRedis(RedisServerProcess.ephemeral(), false);
    }

    /** A single-node cluster: all slots assigned, {@code cluster_state:ok} before it returns. */
    public static TestRedis startCluster() {
        RedisServerProcess server = RedisServerProcess.ephemeralClusterNode();
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> node = client.connect()) {
            node.sync().clusterAddSlotsRange(Range.create(0, SlotHash.SLOT_COUNT - 1));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> node.sync().clusterInfo().contains("cluster_state:ok"));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        } finally {
            client.shutdown();
        }
        return new TestRedis(server, true);
    }

    /** {@code host:port} of the server (for a cluster, its one node). */
    public String address() {
        return server.host() + ":" + server.port();
    }

    public StringRedisTemplate template() {
        return template;
    }

    /** Removes every key, so each test starts from an empty database. */
    public void flushAll() {
        template.execute(connection -> {
            connection.serverCommands().flushAll();
            return null;
        }, true);
    }

    /** The key's absolute expiry in epoch seconds; -1 when it has none, -2 when the key does not exist. */
    public long expireTime(String key) {
        return template.execute(EXPIRETIME, List.of(key));
    }

    @Override
    public void close() {
        connections.destroy();
        server.close();
    }
}
