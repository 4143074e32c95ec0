package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/** The replica registry in Redis: one sorted set {@value #KEY}, replica id → last heartbeat in epoch milliseconds. */
public final class RedisReplicaRegistry implements ReplicaRegistry {

    public static final String KEY = "replicas:api";

    // KEYS: the set. ARGV: replica id, cutoff (epoch ms).
    private static final RedisScript<Long> REMOVE_IF_SILENT = RedisScript.of("""
            local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if seen and tonumber(seen) < tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;

    public RedisReplicaRegistry(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void heartbeat(String replicaId, Instant now) {
        redis.opsForZSet().add(KEY, replicaId, now.toEpochMilli());
    }

    @Override
    public Map<String, Instant> lastHeartbeats() {
        Set<TypedTuple<String>> entries = redis.opsForZSet().rangeWithScores(KEY, 0, -1);
        Map<String, Instant> seen = new LinkedHashMap<>();
        if (entries != null) {
            entries.forEach(e -> seen.put(e.getValue(), Instant.ofEpochMilli(e.getScore().longValue())));
        }
        return seen;
    }

    @Override
    public boolean registerIfAbsent(String replicaId, Instant seenAt) {
        return Boolean.TRUE.equals(redis.opsForZSet().addIfAbsent(KEY, replicaId, seenAt.toEpochMilli()));
    }

    @Override
    public boolean removeIfSilentSince(String replicaId, Instant cutoff) {
        Long removed = redis.execute(REMOVE_IF_SILENT, List.of(KEY), replicaId,
                Long.toString(cutoff.toEpochMilli()));
        return removed != null && removed > 0;
    }
}
