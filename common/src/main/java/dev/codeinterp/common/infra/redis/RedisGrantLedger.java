package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Grants as one Redis hash per (chat, content): {@code grant:<chat>:<sha256>}, field = filename, value =
 * {@code <remaining downloads, -1 unlimited>|<expires at epoch seconds, 0 never>}. The key's TTL follows the latest
 * expiry of its fields (none if any field never expires); a field past its expiry counts as absent.
 */
public final class RedisGrantLedger implements GrantLedger {

    private static final RedisScript<Long> REGISTER = RedisScript.of("""
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            local latest = 0
            for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
              local expires = tonumber(string.match(value, '|(%d+)$'))
              if expires == 0 then
                redis.call('PERSIST', KEYS[1])
                return 1
              end
              if expires > latest then latest = expires end
            end
            redis.call('EXPIREAT', KEYS[1], latest)
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;

    public RedisGrantLedger(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void register(GrantKey key, GrantLimits limits) {
        redis.execute(REGISTER, List.of(hashKey(key.chatId(), key.fileHash())), key.filename(), encode(limits));
    }

    @Override
    public boolean isUsable(String chatId, String fileHash, Instant now) {
        return redis.<String, String>opsForHash().values(hashKey(chatId, fileHash)).stream()
                .map(RedisGrantLedger::decode)
                .anyMatch(limits -> !limits.isExpiredAt(now));
    }

    static String hashKey(String chatId, String fileHash) {
        return "grant:" + chatId + ":" + fileHash;
    }

    private static String encode(GrantLimits limits) {
        int remaining = limits.remainingDownloads() == null ? -1 : limits.remainingDownloads();
        long expires = limits.expiresAt() == null ? 0 : limits.expiresAt().getEpochSecond();
        return remaining + "|" + expires;
    }

    private static GrantLimits decode(String value) {
        int bar = value.indexOf('|');
        int remaining = Integer.parseInt(value.substring(0, bar));
        long expires = Long.parseLong(value.substring(bar + 1));
        return new GrantLimits(remaining < 0 ? null : remaining, expires == 0 ? null : Instant.ofEpochSecond(expires));
    }
}
