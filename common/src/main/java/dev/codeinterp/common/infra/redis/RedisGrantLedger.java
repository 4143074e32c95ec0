package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Grants in Redis, every change one Lua script so it is atomic. Every key is in the {@link FileKeys} hash tag (one
 * Redis Cluster slot; see there why) and every script declares all the keys it touches:
 * <ul>
 *   <li>{@code {files}:grant:<chat>:<sha256>}: hash, field = filename, value = {@code <remaining downloads,
 *       -1 unlimited>|<expires at epoch seconds, 0 never>}; the key's TTL follows the latest expiry of its fields (none if any
 *       never expires), and a field past its expiry counts as absent; the download that uses up its last download
 *       removes it;</li>
 *   <li>{@value #EXPIRY_INDEX}: sorted set of expiring grants ({@code chat\0hash\0filename}) by expiry, for the
 *       janitor;</li>
 *   <li>{@code {files}:refs:<sha256>}: set of {@code chat\0filename} holding the content, expired grants included
 *       until they are removed;</li>
 *   <li>{@value #ORPHANS}: sorted set of content hashes whose last grant went away, by when (epoch seconds);
 *       registering the content again takes it out. {@link RedisOrphanedObjects} reads and prunes it.</li>
 * </ul>
 * Expiry is kept to the second (truncated), so callers pass whole seconds.
 */
public final class RedisGrantLedger implements GrantLedger {

    static final String EXPIRY_INDEX = FileKeys.EXPIRY_INDEX;
    static final String ORPHANS = FileKeys.ORPHANS;

    /** Shared Lua: drop one grant field and its index entries; orphan the content when no grant is left. */
    private static final String DROP = """
            local function drop(grantKey, refsKey, hash, filename, member, refMember, now)
              redis.call('HDEL', grantKey, filename)
              redis.call('ZREM', KEYS[1], member)
              redis.call('SREM', refsKey, refMember)
              if redis.call('SCARD', refsKey) == 0 then
                redis.call('ZADD', KEYS[2], now, hash)
              end
            end
            local function expiry(value)
              return tonumber(string.match(value, '|(%d+)$'))
            end
            """;

    // KEYS: expiry index, orphans, grant key, refs key. ARGV: filename, value, expires, member, refMember, hash
    private static final RedisScript<Long> REGISTER = RedisScript.of("""
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[4], ARGV[5])
            redis.call('ZREM', KEYS[2], ARGV[6])
            if tonumber(ARGV[3]) == 0 then
              redis.call('ZREM', KEYS[1], ARGV[4])
            else
              redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
            end
            local latest = 0
            for _, value in ipairs(redis.call('HVALS', KEYS[3])) do
              local expires = tonumber(string.match(value, '|(%d+)$'))
              if expires == 0 then
                redis.call('PERSIST', KEYS[3])
                return 1
              end
              if expires > latest then latest = expires end
            end
            redis.call('EXPIREAT', KEYS[3], latest)
            return 1
            """, Long.class);

    /*
     * KEYS: expiry index, orphans, grant key, refs key. ARGV: filename, now, member, refMember, hash. Returns the
     * value after the download, or false. The download that uses the last one up drops the grant in the same step
     * (orphaning the content when no other grant holds it); a grant found used up already (stored before grants were
     * dropped so) is dropped too, and refused.
     */
    private static final RedisScript<String> CONSUME_DOWNLOAD = RedisScript.of(DROP + """
            local value = redis.call('HGET', KEYS[3], ARGV[1])
            if not value then return false end
            local remaining, expires = string.match(value, '^(-?%d+)|(%d+)$')
            remaining, expires = tonumber(remaining), tonumber(expires)
            if expires ~= 0 and expires <= tonumber(ARGV[2]) then return false end
            if remaining <= 1 and remaining >= 0 then
              drop(KEYS[3], KEYS[4], ARGV[5], ARGV[1], ARGV[3], ARGV[4], ARGV[2])
              if remaining == 0 then return false end
              return '0|' .. expires
            end
            if remaining > 0 then
              value = (remaining - 1) .. '|' .. expires
              redis.call('HSET', KEYS[3], ARGV[1], value)
            end
            return value
            """, String.class);

    // KEYS: expiry index, orphans, grant key, refs key. ARGV: filename, now, member, refMember, hash
    private static final RedisScript<Long> EXPIRE = RedisScript.of(DROP + """
            local value = redis.call('HGET', KEYS[3], ARGV[1])
            if not value then return 0 end
            local expires = expiry(value)
            local live = expires == 0 or expires > tonumber(ARGV[2])
            drop(KEYS[3], KEYS[4], ARGV[5], ARGV[1], ARGV[3], ARGV[4], ARGV[2])
            if live then return 1 end
            return 0
            """, Long.class);

    /*
     * KEYS: expiry index, orphans, then the grant key and refs key of each member. ARGV: now, members (read from the
     * index by the caller just before). Returns the members removed. A member no longer due (another janitor removed
     * it, or the grant was registered again with a later expiry) is skipped, so running it twice changes nothing.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REMOVE_EXPIRED = RedisScript.of(DROP + """
            local removed = {}
            local now = tonumber(ARGV[1])
            for i = 2, #ARGV do
              local member, grantKey, refsKey = ARGV[i], KEYS[2 * i - 1], KEYS[2 * i]
              local due = redis.call('ZSCORE', KEYS[1], member)
              if due and tonumber(due) <= now then
                local chat, hash, filename = string.match(member, '^([^%z]*)%z([^%z]*)%z(.*)$')
                local value = redis.call('HGET', grantKey, filename)
                if value and expiry(value) ~= 0 and expiry(value) > now then
                  redis.call('ZADD', KEYS[1], expiry(value), member)
                else
                  drop(grantKey, refsKey, hash, filename, member, chat .. '\\0' .. filename, ARGV[1])
                  table.insert(removed, member)
                end
              end
            end
            return removed
            """, List.class);

    private final StringRedisTemplate redis;

    public RedisGrantLedger(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void register(GrantKey key, GrantLimits limits) {
        long expires = limits.expiresAt() == null ? 0 : limits.expiresAt().getEpochSecond();
        redis.execute(REGISTER, FileKeys.forGrantChange(key), key.filename(), encode(limits), Long.toString(expires),
                member(key), refMember(key), key.fileHash());
    }

    @Override
    public boolean isUsable(String chatId, String fileHash, Instant now) {
        return redis.<String, String>opsForHash().values(FileKeys.grant(chatId, fileHash)).stream()
                .map(RedisGrantLedger::decode)
                .anyMatch(limits -> limits.isLiveAt(now));
    }

    @Override
    public Optional<GrantLimits> consumeDownload(GrantKey key, Instant now) {
        String after = redis.execute(CONSUME_DOWNLOAD, FileKeys.forGrantChange(key), key.filename(),
                Long.toString(now.getEpochSecond()), member(key), refMember(key), key.fileHash());
        return Optional.ofNullable(after).map(RedisGrantLedger::decode);
    }

    @Override
    public boolean expire(GrantKey key, Instant now) {
        Long live = redis.execute(EXPIRE, FileKeys.forGrantChange(key), key.filename(),
                Long.toString(now.getEpochSecond()), member(key), refMember(key), key.fileHash());
        return live != null && live == 1;
    }

    @Override
    public List<GrantKey> removeExpired(Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Reading the due members first lets the script declare every key it touches (Redis Cluster).
        Set<String> due = redis.opsForZSet().rangeByScore(EXPIRY_INDEX, Double.NEGATIVE_INFINITY,
                now.getEpochSecond(), 0, limit);
        if (due == null || due.isEmpty()) {
            return List.of();
        }
        List<GrantKey> dueKeys = due.stream().map(RedisGrantLedger::fromMember).toList();
        List<String> args = new ArrayList<>(due.size() + 1);
        args.add(Long.toString(now.getEpochSecond()));
        args.addAll(due);
        List<?> removed = redis.execute(REMOVE_EXPIRED, FileKeys.forRemoveExpired(dueKeys), args.toArray());
        List<GrantKey> keys = new ArrayList<>();
        for (Object member : removed == null ? List.of() : removed) {
            keys.add(fromMember(member.toString()));
        }
        return keys;
    }

    static String grantKey(String chatId, String fileHash) {
        return FileKeys.grant(chatId, fileHash);
    }

    static String refsKey(String fileHash) {
        return FileKeys.refs(fileHash);
    }

    private static GrantKey fromMember(String member) {
        String[] parts = member.split("\0", 3);
        return new GrantKey(parts[0], parts[1], parts[2]);
    }

    private static String member(GrantKey key) {
        return key.chatId() + "\0" + key.fileHash() + "\0" + key.filename();
    }

    private static String refMember(GrantKey key) {
        return key.chatId() + "\0" + key.filename();
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
