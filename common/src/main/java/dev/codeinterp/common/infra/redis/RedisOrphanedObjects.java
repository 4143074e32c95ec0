package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.OrphanedObjects;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Orphaned content in Redis, next to the {@link RedisGrantLedger} that maintains {@value RedisGrantLedger#ORPHANS}
 * and {@code {files}:refs:<sha256>}; this adapter adds {@value #IN_USE}: sorted set of content hashes by the epoch
 * millisecond until which a job may still read them, and {@value #DELETING}: sorted set of content hashes the janitor
 * claimed for deletion, by the epoch millisecond of the claim. All keys are in the {@link FileKeys} hash tag, and every
 * script declares every key it touches (Redis Cluster).
 */
public final class RedisOrphanedObjects implements OrphanedObjects {

    static final String IN_USE = FileKeys.IN_USE;
    static final String DELETING = FileKeys.DELETING;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /*
     * KEYS: orphans, in use, deleting, then the refs key of each hash in ARGV[5…]. ARGV: orphaned before (epoch s,
     * exclusive), now (epoch ms), limit, stale claims before (epoch ms, exclusive), hashes: the stale claims and the
     * candidates the caller read just before, so that their refs keys are declared. Returns hash, orphaned-at pairs,
     * each now claimed: moved from the orphans to deleting. Stale claims (a janitor died between claim and forget)
     * become orphans again, since their claim. Lapsed in-use marks are pruned first; every candidate skipped for being
     * in use has a mark, so scanning limit + marks candidates finds a full batch whenever one exists, however many old
     * orphans are in use. Candidates held by a grant again (an orphan entry the ledger missed) are forgotten. A hash
     * the caller did not declare (it became a stale claim or an old orphan in between) is left for the next round.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM_DELETABLE = RedisScript.of("""
            local refs = {}
            for i = 5, #ARGV do refs[ARGV[i]] = KEYS[i - 1] end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
            local stale = redis.call('ZRANGE', KEYS[3], '-inf', '(' .. ARGV[4], 'BYSCORE', 'WITHSCORES')
            for i = 1, #stale, 2 do
              if refs[stale[i]] then
                redis.call('ZREM', KEYS[3], stale[i])
                if redis.call('SCARD', refs[stale[i]]) == 0 then
                  redis.call('ZADD', KEYS[1], 'NX', math.floor(tonumber(stale[i + 1]) / 1000), stale[i])
                end
              end
            end
            local limit = tonumber(ARGV[3])
            local scan = limit + redis.call('ZCARD', KEYS[2])
            local candidates = redis.call('ZRANGE', KEYS[1], '-inf', '(' .. ARGV[1], 'BYSCORE', 'LIMIT', 0, scan,
                'WITHSCORES')
            local found = {}
            for i = 1, #candidates, 2 do
              local hash = candidates[i]
              local refsKey = refs[hash]
              if not refsKey then
                -- undeclared: next round
              elseif redis.call('SCARD', refsKey) > 0 then
                redis.call('ZREM', KEYS[1], hash)
              elseif not redis.call('ZSCORE', KEYS[2], hash) and not redis.call('ZSCORE', KEYS[3], hash) then
                redis.call('ZREM', KEYS[1], hash)
                redis.call('ZADD', KEYS[3], ARGV[2], hash)
                table.insert(found, hash)
                table.insert(found, candidates[i + 1])
                if #found >= 2 * limit then break end
              end
            end
            return found
            """, List.class);

    // KEYS: orphans, deleting, refs key. ARGV: hash, orphaned at (epoch s).
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            redis.call('ZREM', KEYS[2], ARGV[1])
            if redis.call('SCARD', KEYS[3]) == 0 then
              redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
            end
            return 1
            """, Long.class);

    // KEYS: in use. ARGV: until (epoch ms), hashes…; GT keeps the later mark when a hash is marked twice.
    private static final RedisScript<Long> MARK_IN_USE = RedisScript.of("""
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[i])
            end
            return #ARGV - 1
            """, Long.class);

    /*
     * KEYS: orphans, in use, deleting, refs key. ARGV: hash, until (epoch ms), claims before this are stale (epoch ms,
     * exclusive), now (epoch s). Returns 1 while a live claim exists (the caller must wait), else 0.
     */
    private static final RedisScript<Long> RESERVE = RedisScript.of("""
            redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[1])
            -- Content nobody holds stays (or becomes) an orphan: if the writer never registers a grant, the janitor
            -- collects it once the reservation lapses; a grant registered later takes it out of the orphans.
            if redis.call('SCARD', KEYS[4]) == 0 then
              redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[1])
            end
            local claimed = redis.call('ZSCORE', KEYS[3], ARGV[1])
            if claimed and tonumber(claimed) >= tonumber(ARGV[3]) then return 1 end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Clock clock;

    public RedisOrphanedObjects(StringRedisTemplate redis) {
        this(redis, Clock.systemUTC());
    }

    /** With the clock that dates claims as stale for {@link #reserve}. */
    public RedisOrphanedObjects(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public List<Orphan> claimDeletable(Instant orphanedBefore, Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Reading the stale claims and the candidates first lets the script declare their refs keys (Redis
        // Cluster); the script checks each again, so what changed in between is at worst left for the next round.
        long staleBefore = now.minus(CLAIM_TIMEOUT).toEpochMilli();
        Long marks = redis.opsForZSet().zCard(IN_USE);
        Set<String> hashes = new LinkedHashSet<>();
        addAll(hashes, redis.opsForZSet().rangeByScore(DELETING, Double.NEGATIVE_INFINITY,
                Math.nextDown((double) staleBefore)));
        addAll(hashes, redis.opsForZSet().rangeByScore(RedisGrantLedger.ORPHANS, Double.NEGATIVE_INFINITY,
                Math.nextDown((double) orphanedBefore.getEpochSecond()), 0, limit + (marks == null ? 0 : marks)));
        List<String> args = new ArrayList<>(List.of(Long.toString(orphanedBefore.getEpochSecond()),
                Long.toString(now.toEpochMilli()), Integer.toString(limit), Long.toString(staleBefore)));
        args.addAll(hashes);
        List<?> found = redis.execute(CLAIM_DELETABLE, FileKeys.forClaim(hashes), args.toArray());
        List<Orphan> orphans = new ArrayList<>();
        for (int i = 0; found != null && i + 1 < found.size(); i += 2) {
            long orphanedAt = (long) Double.parseDouble(found.get(i + 1).toString());
            orphans.add(new Orphan(found.get(i).toString(), Instant.ofEpochSecond(orphanedAt)));
        }
        return orphans;
    }

    @Override
    public void forget(String fileHash) {
        redis.opsForZSet().remove(DELETING, fileHash);
        redis.opsForZSet().remove(RedisGrantLedger.ORPHANS, fileHash);
    }

    @Override
    public void release(Orphan orphan) {
        redis.execute(RELEASE, FileKeys.forRelease(orphan.fileHash()), orphan.fileHash(),
                Long.toString(orphan.orphanedAt().getEpochSecond()));
    }

    @Override
    public void markInUse(Collection<String> fileHashes, Instant until) {
        if (fileHashes.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(fileHashes.size() + 1);
        args.add(Long.toString(until.toEpochMilli()));
        args.addAll(fileHashes);
        redis.execute(MARK_IN_USE, FileKeys.forMarkInUse(), args.toArray());
    }

    @Override
    public void reserve(String fileHash, Instant until) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (claimed(fileHash, until)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Object " + fileHash + " is still being deleted after " + MAX_WAIT);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for the deletion of " + fileHash, e);
            }
        }
    }

    /** Reserves the content; true while the janitor holds a live claim on it. */
    private boolean claimed(String fileHash, Instant until) {
        Long claimed = redis.execute(RESERVE, FileKeys.forReserve(fileHash), fileHash,
                Long.toString(until.toEpochMilli()),
                Long.toString(clock.instant().minus(CLAIM_TIMEOUT).toEpochMilli()),
                Long.toString(clock.instant().getEpochSecond()));
        return claimed != null && claimed == 1L;
    }

    private static void addAll(Set<String> into, Set<String> from) {
        if (from != null) {
            into.addAll(from);
        }
    }
}
