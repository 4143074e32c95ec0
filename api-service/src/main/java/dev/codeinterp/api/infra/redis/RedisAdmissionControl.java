package dev.codeinterp.api.infra.redis;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.common.infra.redis.AdmissionKeys;
import dev.codeinterp.common.job.InFlightSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Admission in Redis, shared by every api replica; each decision is one Lua script, so it is atomic. All keys share
 * the {@link AdmissionKeys} hash tag (one Redis Cluster slot; see there why):
 * <ul>
 *   <li>{@value #IN_FLIGHT}: sorted set of the jobs in flight (job id → held until, epoch ms), for
 *       {@code APP_MAX_QUEUED_JOBS};</li>
 *   <li>{@code {admission}:chat:<chat>:jobs}: the same for one chat, for {@code APP_CHAT_MAX_CONCURRENT}; the key
 *       expires with its latest hold;</li>
 *   <li>{@code {admission}:chat:<chat>:starts}: sorted set of the chat's admitted executions (job id → start,
 *       epoch ms) within the rate window, for {@code APP_CHAT_RATE_LIMIT}; the key expires one window after the last
 * start.</li>
 * </ul>
 * Leases past their end are dropped before every count: a slot whose release never came (a replica died) lapses.
 * Times come from the caller's clock, so the decision does not depend on Redis's clock; the keys' TTLs are only there
 * to clean up.
 */
public final class RedisAdmissionControl implements AdmissionControl {

    static final String IN_FLIGHT = AdmissionKeys.IN_FLIGHT;

    // KEYS: in flight, chat jobs, chat starts. ARGV: now, held until, job id, max queued, max per chat, rate, window.
    // Returns {0} admitted, {1} queue full, {2} chat busy, {3, ms until a retry can succeed} rate limited.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = RedisScript.of("""
            local now, heldUntil = tonumber(ARGV[1]), tonumber(ARGV[2])
            local maxQueued, maxPerChat = tonumber(ARGV[4]), tonumber(ARGV[5])
            local rate, window = tonumber(ARGV[6]), tonumber(ARGV[7])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            if maxQueued > 0 and redis.call('ZCARD', KEYS[1]) >= maxQueued then return {1} end
            if maxPerChat > 0 and redis.call('ZCARD', KEYS[2]) >= maxPerChat then return {2} end
            if rate > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
              if redis.call('ZCARD', KEYS[3]) >= rate then
                local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
                return {3, tonumber(oldest[2]) + window - now}
              end
              redis.call('ZADD', KEYS[3], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[3], window)
            end
            redis.call('ZADD', KEYS[1], heldUntil, ARGV[3])
            redis.call('ZADD', KEYS[2], heldUntil, ARGV[3])
            local ttl = math.max(heldUntil - now, 1)
            if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
            return {0}
            """, List.class);

    private final StringRedisTemplate redis;
    private final AdmissionLimits limits;
    private final InFlightSlots slots;

    public RedisAdmissionControl(StringRedisTemplate redis, AdmissionLimits limits, InFlightSlots slots) {
        this.redis = redis;
        this.limits = limits;
        this.slots = slots;
    }

    @Override
    public Admission admit(JobSlot slot, Instant now) {
        List<?> answer = redis.execute(ADMIT, AdmissionKeys.forAdmit(slot.chatId()),
                Long.toString(now.toEpochMilli()), Long.toString(slot.heldUntil().toEpochMilli()), slot.jobId(),
                Integer.toString(limits.maxQueuedJobs()), Integer.toString(limits.chatMaxConcurrent()),
                Integer.toString(limits.chatRate().executions()),
                Long.toString(limits.chatRate().window().toMillis()));
        long code = ((Number) answer.get(0)).longValue();
        return switch ((int) code) {
            case 0 -> Admission.admitted();
            case 1 -> Admission.refused(Admission.Outcome.QUEUE_FULL);
            case 2 -> Admission.refused(Admission.Outcome.CHAT_BUSY);
            default -> Admission.rateLimited(Duration.ofMillis(((Number) answer.get(1)).longValue()));
        };
    }

    @Override
    public void release(JobSlot slot) {
        slots.free(slot.chatId(), slot.jobId());
    }

    static String chatJobsKey(String chatId) {
        return AdmissionKeys.chatJobs(chatId);
    }

    static String chatStartsKey(String chatId) {
        return AdmissionKeys.chatStarts(chatId);
    }
}
