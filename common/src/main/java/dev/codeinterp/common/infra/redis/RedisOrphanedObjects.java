package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.OrphanedObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Orphaned content in Redis, next to the {@link RedisGrantLedger} that maintains {@value RedisGrantLedger#ORPHANS}
 * and {@code refs:<sha256>}; this adapter adds {@value #IN_USE}: sorted set of content hashes by the epoch
 * millisecond until which a job may still read them.
 */
public final class RedisOrphanedObjects implements OrphanedObjects {

    static final String IN_USE = "objects:in-use";

    /*
     * KEYS: orphans, in use. ARGV: orphaned before (epoch s, exclusive), now (epoch ms), limit, refs key prefix.
     * Returns hash, orphaned-at pairs. Lapsed in-use marks are pruned first; every candidate skipped for being in
     * use has a mark, so scanning limit + marks candidates finds a full batch whenever one exists, however many old
     * orphans are in use. Candidates held by a grant again (an orphan entry the ledger missed) are forgotten.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FIND_DELETABLE = RedisScript.of("""
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
            local limit = tonumber(ARGV[3])
            local scan = limit + redis.call('ZCARD', KEYS[2])
            local candidates = redis.call('ZRANGE', KEYS[1], '-inf', '(' .. ARGV[1], 'BYSCORE', 'LIMIT', 0, scan,
                'WITHSCORES')
            local found = {}
            for i = 1, #candidates, 2 do
              local hash = candidates[i]
              if redis.call('SCARD', ARGV[4] .. hash) > 0 then
                redis.call('ZREM', KEYS[1], hash)
              elseif not redis.call('ZSCORE', KEYS[2], hash) then
                table.insert(found, hash)
                table.insert(found, candidates[i + 1])
                if #found >= 2 * limit then break end
              end
            end
            return found
            """, List.class);

    // KEYS: in use. ARGV: until (epoch ms), hashes…; GT keeps the later mark when a hash is marked twice.
    private static final RedisScript<Long> MARK_IN_USE = RedisScript.of("""
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[i])
            end
            return #ARGV - 1
            """, Long.class);

    private final StringRedisTemplate redis;

    public RedisOrphanedObjects(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public List<Orphan> findDeletable(Instant orphanedBefore, Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<?> found = redis.execute(FIND_DELETABLE, List.of(RedisGrantLedger.ORPHANS, IN_USE),
                Long.toString(orphanedBefore.getEpochSecond()), Long.toString(now.toEpochMilli()),
                Integer.toString(limit), RedisGrantLedger.REFS_PREFIX);
        List<Orphan> orphans = new ArrayList<>();
        for (int i = 0; found != null && i + 1 < found.size(); i += 2) {
            long orphanedAt = (long) Double.parseDouble(found.get(i + 1).toString());
            orphans.add(new Orphan(found.get(i).toString(), Instant.ofEpochSecond(orphanedAt)));
        }
        return orphans;
    }

    @Override
    public void forget(String fileHash) {
        redis.opsForZSet().remove(RedisGrantLedger.ORPHANS, fileHash);
    }

    @Override
    public void markInUse(Collection<String> fileHashes, Instant until) {
        if (fileHashes.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(fileHashes.size() + 1);
        args.add(Long.toString(until.toEpochMilli()));
        args.addAll(fileHashes);
        redis.execute(MARK_IN_USE, List.of(IN_USE), args.toArray());
    }
}
