package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.job.AttemptStart;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LeaseState;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Job records as Redis hashes ({@code {jobs:<n>}:job:<id>}), plus, per shard, sorted sets of running jobs by run
 * deadline ({@code {jobs:<n>}:running}) and of queued jobs by start-by time ({@code {jobs:<n>}:queued}) for the
 * janitor; see {@link JobKeys}. Status changes are one Lua script over the record and its shard's indexes (one Redis
 * Cluster slot), so check-and-set is atomic.
 *
 * <p>A running job's record also holds its attempt number ({@code attempt}, the fencing token) and the lease of that
 * attempt ({@code lease_until}, epoch ms), renewed by the worker while it runs.
 */
public final class RedisJobStore implements JobStore {

    // KEYS: record, running index, queued index. ARGV: retention ms, job id, queued index score ('' = not queued),
    // then field, value pairs.
    private static final RedisScript<Long> CREATE = RedisScript.of("""
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            if ARGV[3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2]) end
            return 1
            """, Long.class);

    private static final RedisScript<Long> TRANSITION = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], 'status')
            if not current then
              -- The record is gone (retention elapsed): it must not stay in an index forever.
              redis.call('ZREM', KEYS[2], ARGV[3])
              redis.call('ZREM', KEYS[3], ARGV[3])
              return -1
            end
            local allowed = false
            for source in string.gmatch(ARGV[2], '[^,]+') do
              if source == current then allowed = true end
            end
            if not allowed then return 0 end
            if ARGV[5] ~= '0' and redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[5] then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[1])
            for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            if ARGV[1] == 'running' then
              redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            else
              redis.call('ZREM', KEYS[2], ARGV[3])
            end
            redis.call('ZREM', KEYS[3], ARGV[3])
            return 1
            """, Long.class);

    // KEYS: record, running index, queued index. ARGV: now, start by, lease until, run deadline, max attempts, job id (times in ms).
    // Returns {1, attempt} started, {2, attempt, lease} busy, {3, attempt} ended, {4, attempt} expired,
    // {5, attempt} exhausted, {-1} unknown.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> START_ATTEMPT = RedisScript.of("""
            local f = redis.call('HMGET', KEYS[1], 'status', 'attempt', 'lease_until')
            local status = f[1]
            if not status then
              redis.call('ZREM', KEYS[2], ARGV[6])
              redis.call('ZREM', KEYS[3], ARGV[6])
              return {-1}
            end
            local now = tonumber(ARGV[1])
            local attempt = tonumber(f[2] or '0')
            if status == 'queued' then
              if now > tonumber(ARGV[2]) then return {4, attempt} end
            elseif status == 'running' then
              local lease = tonumber(f[3] or '0')
              if lease >= now then return {2, attempt, lease} end
              if attempt >= tonumber(ARGV[5]) then return {5, attempt} end
            else
              return {3, attempt}
            end
            attempt = attempt + 1
            redis.call('HSET', KEYS[1], 'status', 'running', 'attempt', attempt, 'lease_until', ARGV[3],
              'started_at', ARGV[1], 'run_deadline', ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[6])
            redis.call('ZREM', KEYS[3], ARGV[6])
            return {1, attempt}
            """, List.class);

    // KEYS: record. ARGV: attempt, lease until. Returns 1 current, 2 cancelled, 0 superseded.
    private static final RedisScript<Long> RENEW_LEASE = RedisScript.of("""
            local f = redis.call('HMGET', KEYS[1], 'status', 'attempt')
            if f[1] == 'running' and f[2] == ARGV[1] then
              redis.call('HSET', KEYS[1], 'lease_until', ARGV[2])
              return 1
            end
            if f[1] == 'cancelled' then return 2 end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ContractJson codec;

    public RedisJobStore(StringRedisTemplate redis, ContractJson codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** One round trip per job instead of three, and never a record without its expiry or its queue entry. */
    @Override
    public void create(JobRecord job, Duration retention) {
        boolean queued = job.startBy() != null && job.status() == JobStatus.QUEUED;
        List<String> args = new ArrayList<>(List.of(Long.toString(retention.toMillis()), job.jobId(),
                queued ? Long.toString(job.startBy().toEpochMilli()) : "",
                "chat_id", job.chatId(),
                "status", job.status().wireName(),
                "submitted_at", Long.toString(job.submittedAt().toEpochMilli())));
        if (job.startBy() != null) {
            args.addAll(List.of("start_by", Long.toString(job.startBy().toEpochMilli())));
        }
        redis.execute(CREATE, JobKeys.forTransition(job.jobId()), args.toArray());
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        Map<Object, Object> fields = redis.opsForHash().entries(key(jobId));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String resultJson = (String) fields.get("result");
        ExecutionResult result = resultJson == null ? null : codec.decodeResult(resultJson);
        return Optional.of(new JobRecord(jobId, (String) fields.get("chat_id"),
                JobStatus.fromWireName((String) fields.get("status")), instant(fields.get("submitted_at")),
                instant(fields.get("start_by")), instant(fields.get("started_at")), instant(fields.get("finished_at")),
                instant(fields.get("run_deadline")), result));
    }

    @Override
    public AttemptStart startAttempt(String jobId, Instant now, Instant startBy, Instant leaseUntil,
            Instant runDeadline, int maxAttempts) {
        List<?> answer = redis.execute(START_ATTEMPT, JobKeys.forTransition(jobId), millis(now), millis(startBy),
                millis(leaseUntil), millis(runDeadline), Integer.toString(maxAttempts), jobId);
        int code = ((Number) answer.get(0)).intValue();
        int attempt = answer.size() > 1 ? ((Number) answer.get(1)).intValue() : 0;
        return switch (code) {
            case 1 -> AttemptStart.of(AttemptStart.Kind.STARTED, attempt);
            case 2 -> new AttemptStart(AttemptStart.Kind.BUSY, attempt,
                    Instant.ofEpochMilli(((Number) answer.get(2)).longValue()));
            case 3 -> AttemptStart.of(AttemptStart.Kind.ENDED, attempt);
            case 4 -> AttemptStart.of(AttemptStart.Kind.EXPIRED, attempt);
            case 5 -> AttemptStart.of(AttemptStart.Kind.EXHAUSTED, attempt);
            default -> AttemptStart.of(AttemptStart.Kind.UNKNOWN_JOB, 0);
        };
    }

    @Override
    public LeaseState renewLease(String jobId, int attempt, Instant leaseUntil) {
        Long answer = redis.execute(RENEW_LEASE, List.of(key(jobId)), Integer.toString(attempt), millis(leaseUntil));
        return answer != null && answer == 1 ? LeaseState.CURRENT
                : answer != null && answer == 2 ? LeaseState.CANCELLED : LeaseState.SUPERSEDED;
    }

    @Override
    public TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result, int attempt) {
        List<String> args = new ArrayList<>();
        args.add(to.wireName());
        args.add(from.stream().map(JobStatus::wireName).collect(Collectors.joining(",")));
        args.add(jobId);
        args.add(runDeadline == null ? "0" : Long.toString(runDeadline.toEpochMilli()));
        args.add(Integer.toString(attempt));
        if (to == JobStatus.RUNNING) {
            args.addAll(List.of("started_at", millis(at), "run_deadline", millis(runDeadline)));
        } else if (to.isTerminal()) {
            args.addAll(List.of("finished_at", millis(at)));
            if (result != null) {
                args.addAll(List.of("result", codec.encodeToString(result)));
            }
        }
        Long outcome = redis.execute(TRANSITION, JobKeys.forTransition(jobId), args.toArray());
        if (outcome == null || outcome < 0) {
            return TransitionOutcome.UNKNOWN_JOB;
        }
        return outcome == 1 ? TransitionOutcome.APPLIED : TransitionOutcome.REFUSED;
    }

    @Override
    public List<String> findQueuedPastStartBy(Instant now, int limit) {
        return oldestBefore(JobKeys.queuedIndexes(), now, limit);
    }

    @Override
    public List<String> findRunningPastDeadline(Instant now, int limit) {
        return oldestBefore(JobKeys.runningIndexes(), now, limit);
    }

    private List<String> oldestBefore(List<String> indexes, Instant now, int limit) {
        // Redis drops a sorted set once it is empty, so while no job is queued (or running) no index exists: one
        // EXISTS then spares the janitor a read of every shard at each of its rounds.
        Long present = redis.countExistingKeys(indexes);
        if (present != null && present == 0) {
            return List.of();
        }
        // Scores are epoch milliseconds; strictly before now. Each shard's oldest, merged: oldest first overall.
        List<TypedTuple<String>> due = new ArrayList<>();
        for (String index : indexes) {
            Set<TypedTuple<String>> shard = redis.opsForZSet().rangeByScoreWithScores(index, Double.NEGATIVE_INFINITY,
                    now.toEpochMilli() - 1, 0, limit);
            if (shard != null) {
                due.addAll(shard);
            }
        }
        return due.stream()
                .sorted(Comparator.comparing(TypedTuple<String>::getScore).thenComparing(TypedTuple::getValue))
                .limit(limit < 0 ? Long.MAX_VALUE : limit)
                .map(TypedTuple::getValue)
                .toList();
    }

    private static String key(String jobId) {
        return JobKeys.record(jobId);
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong((String) millis));
    }
}
