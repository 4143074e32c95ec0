package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What the single-node cluster of the {@code *ClusterIT} tests really refuses, so that their passing means something:
 * a script whose declared keys span hash slots (CROSSSLOT). redis-server 7.0 on one node does not refuse a script that
 * touches an undeclared key, even of another slot (checked by hand: it runs; a multi-node cluster refuses it only when
 * another node owns the slot). So the cluster tests prove cluster safety only because every adapter script declares
 * every key it touches, and {@link ScriptKeySlotsTest} checks those declared lists directly.
 */
@OnRedisCluster
class ClusterModeIT {

    private static final RedisScript<Long> TOUCH_DECLARED =
            RedisScript.of("redis.call('SET', KEYS[1], 1) redis.call('SET', KEYS[2], 1) return 1", Long.class);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void shouldRunInClusterMode() {
        // A cluster connection prefixes each property with the node it came from.
        Properties info = redis.template().execute(connection -> connection.serverCommands().info("cluster"), true);

        assertThat(info.stringPropertyNames()).filteredOn(name -> name.endsWith("cluster_enabled"))
                .singleElement().satisfies(name -> assertThat(info.getProperty(name)).isEqualTo("1"));
    }

    @Test
    void shouldRefuseScriptWhenDeclaredKeysSpanSlots() {
        assertThat(SlotHash.getSlot("grant:a")).isNotEqualTo(SlotHash.getSlot("refs:a"));

        assertThatThrownBy(() -> redis.template().execute(TOUCH_DECLARED, List.of("grant:a", "refs:a")))
                .hasStackTraceContaining("CROSSSLOT");
    }

    @Test
    void shouldRunScriptWhenAllItsKeysShareAHashTag() {
        assertThat(redis.template().execute(TOUCH_DECLARED, List.of("{files}:a", "{files}:b"))).isEqualTo(1L);
    }
}
