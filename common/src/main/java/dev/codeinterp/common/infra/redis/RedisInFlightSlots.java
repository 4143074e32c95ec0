package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.job.InFlightSlots;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** Frees admission slots: the job leaves the in-flight set and its chat's set, in one script (one slot, see keys). */
public final class RedisInFlightSlots implements InFlightSlots {

    // KEYS: in flight, chat jobs. ARGV: job id.
    private static final RedisScript<Long> FREE = RedisScript.of("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            return redis.call('ZREM', KEYS[2], ARGV[1])
            """, Long.class);

    private final StringRedisTemplate redis;

    public RedisInFlightSlots(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void free(String chatId, String jobId) {
        redis.execute(FREE, AdmissionKeys.forRelease(chatId), jobId);
    }
}
