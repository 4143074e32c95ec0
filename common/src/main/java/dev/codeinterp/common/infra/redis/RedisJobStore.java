package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Job records as Redis hashes ({@code {jobs:<n>}:job:<id>}), plus, per shard, a sorted set of running jobs by run
 * deadline ({@code {jobs:<n>}:running}) for the janitor; see {@link JobKeys}. Status changes are one Lua script over
 * the record and its shard's index (one Redis Cluster slot), so check-and-set is atomic.
 */
public final class RedisJobStore implements JobStore {

    private static final RedisScript<Long> TRANSITION = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], 'status')
            if not current then
              -- The record is gone (retention elapsed): it must not stay in the running index forever.
              redis.call('ZREM', KEYS[2], ARGV[3])
              return -1
            end
            local allowed = false
            for source in string.gmatch(ARGV[2], '[^,]+') do
              if source == current then allowed = true end
            end
            if not allowed then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[1])
            for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            if ARGV[1] == 'running' then
              redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            else
              redis.call('ZREM', KEYS[2], ARGV[3])
            end
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ContractJson codec;

    public RedisJobStore(StringRedisTemplate redis, ContractJson codec) {
        this.redis = redis;
        this.codec = codec;
    }

    @Override
    public void create(JobRecord job, Duration retention) {
        String key = key(job.jobId());
        Map<String, String> fields = new HashMap<>();
        fields.put("chat_id", job.chatId());
        fields.put("status", job.status().wireName());
        fields.put("submitted_at", Long.toString(job.submittedAt().toEpochMilli()));
        redis.opsForHash().putAll(key, fields);
        redis.expire(key, retention);
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
                instant(fields.get("started_at")), instant(fields.get("finished_at")),
                instant(fields.get("run_deadline")), result));
    }

    @Override
    public TransitionOutcome transition(String jobId, Set<JobStatus> from, JobStatus to, Instant at,
            Instant runDeadline, ExecutionResult result) {
        List<String> args = new ArrayList<>();
        args.add(to.wireName());
        args.add(from.stream().map(JobStatus::wireName).collect(Collectors.joining(",")));
        args.add(jobId);
        args.add(runDeadline == null ? "0" : Long.toString(runDeadline.toEpochMilli()));
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
    public List<String> findRunningPastDeadline(Instant now, int limit) {
        // Scores are epoch milliseconds; strictly before now. Each shard's oldest, merged: oldest first overall.
        List<TypedTuple<String>> due = new ArrayList<>();
        for (String index : JobKeys.runningIndexes()) {
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
