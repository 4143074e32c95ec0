package dev.codeinterp.api.infra.redis;

import dev.codeinterp.api.execution.IdempotencyKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Idempotency keys in Redis: {@code idempotency:<chat>:<SHA-256 of the key>} for {@code /v1/jobs} and
 * {@code idempotency:execute:<chat>:<SHA-256 of the key>} for {@code /v1/execute} (chat ids hold no colon, so the two
 * never meet) → {@code <job id> <body fingerprint>}, expiring with the job's record. Claiming is one script (get, or set if absent), so two replicas racing on one key
 * agree on the winner.
 */
public final class RedisIdempotencyKeys implements IdempotencyKeys {

    private static final RedisScript<String> CLAIM = RedisScript.of("""
            local held = redis.call('GET', KEYS[1])
            if held then return held end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """, String.class);

    private static final RedisScript<Long> FORGET = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;

    public RedisIdempotencyKeys(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Claim claim(Scope scope, String chatId, String key, Claim claim, Duration retention) {
        String held = redis.execute(CLAIM, List.of(redisKey(scope, chatId, key)), value(claim),
                Long.toString(Math.max(retention.toMillis(), 1)));
        int space = held.indexOf(' ');
        return new Claim(held.substring(0, space), held.substring(space + 1));
    }

    @Override
    public void forget(Scope scope, String chatId, String key, Claim claim) {
        redis.execute(FORGET, List.of(redisKey(scope, chatId, key)), value(claim));
    }

    static String redisKey(Scope scope, String chatId, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            // /v1/jobs keeps the key layout it had before /v1/execute took keys, so stored keys stay valid.
            String prefix = scope == Scope.JOBS ? "idempotency:" : "idempotency:execute:";
            return prefix + chatId + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String value(Claim claim) {
        return claim.jobId() + " " + claim.fingerprint();
    }
}
