package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.callback.CallbackState;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's callback as the field {@code callback} (JSON) of its record's hash ({@link JobKeys#record}), so it lives and
 * expires with the record. Written only while the record exists: a write to a lapsed record would recreate the key
 * without its expiry.
 */
public final class RedisCallbackLedger implements CallbackLedger {

    static final String FIELD = "callback";
    private static final RedisScript<Long> SET_IF_RECORD_EXISTS = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json = JsonMapper.builder().build();

    public RedisCallbackLedger(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void register(String jobId, String url) {
        update(jobId, CallbackState.pending(url));
    }

    @Override
    public Optional<CallbackState> find(String jobId) {
        Object text = redis.opsForHash().get(JobKeys.record(jobId), FIELD);
        return text == null ? Optional.empty() : Optional.of(json.readValue((String) text, CallbackState.class));
    }

    @Override
    public void update(String jobId, CallbackState state) {
        redis.execute(SET_IF_RECORD_EXISTS, List.of(JobKeys.record(jobId)), FIELD, json.writeValueAsString(state));
    }
}
