package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Cluster mode is a matter of configuration only: with {@code spring.data.redis.cluster.nodes}
 * ({@code SPRING_DATA_REDIS_CLUSTER_NODES}) set, Boot's template talks to the cluster, whatever host and port say,
 * and the adapters built on it work unchanged.
 */
@OnRedisCluster
class RedisClusterSettingIT {

    @RegisterExtension
    static final RedisServerExtension cluster = new RedisServerExtension();

    @Test
    void shouldUseTheClusterWhenClusterNodesAreConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1",
                        "spring.data.redis.cluster.nodes=" + cluster.address())
                .run(context -> {
                    assertThat(context.getBean(RedisConnectionFactory.class).getClusterConnection()).isNotNull();
                    RedisGrantLedger ledger = new RedisGrantLedger(context.getBean(StringRedisTemplate.class));
                    GrantKey key = new GrantKey("chat", "b".repeat(64), "data.csv");

                    ledger.register(key, new GrantLimits(2, null));

                    assertThat(ledger.consumeDownload(key, Instant.now())).contains(new GrantLimits(1, null));
                });
    }
}
