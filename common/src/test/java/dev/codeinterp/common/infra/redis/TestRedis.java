package dev.codeinterp.common.infra.redis;

import dev.codeinterp.embedded.RedisServerProcess;
import java.util.List;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** A private, ephemeral redis-server and a template connected to it, for one integration-test class. */
public final class TestRedis implements AutoCloseable {

    private static final RedisScript<Long> EXPIRETIME =
            RedisScript.of("return redis.call('EXPIRETIME', KEYS[1])", Long.class);

    private final RedisServerProcess server;
    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;

    private TestRedis(RedisServerProcess server) {
        this.server = server;
        this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
        connections.afterPropertiesSet();
        connections.start();
        this.template = new StringRedisTemplate(connections);
    }

    public static TestRedis start() {
        return new TestRedis(RedisServerProcess.ephemeral());
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
