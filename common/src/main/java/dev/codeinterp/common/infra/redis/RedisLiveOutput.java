package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.OutputChunk;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Live output as one Redis stream per job, next to its record (same hash tag): the stream entry id is the chunk's
 * position, so a reader resumes from any position it has seen. Each append renews the stream's expiry.
 */
public final class RedisLiveOutput implements LiveOutput {

    /** Bounds a stream whatever the writer does (its program's output is capped and batched well below it). */
    static final int MAX_CHUNKS = 20_000;

    // KEYS: the job's stream. ARGV: max chunks, attempt, stream, text, retention ms.
    private static final RedisScript<String> APPEND = RedisScript.of("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'a', ARGV[2], 's', ARGV[3], 't', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return id
            """, String.class);

    private final StringRedisTemplate redis;

    public RedisLiveOutput(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void append(String jobId, int attempt, OutputChunk.Stream stream, String text) {
        redis.execute(APPEND, List.of(JobKeys.output(jobId)), String.valueOf(MAX_CHUNKS), String.valueOf(attempt),
                stream.wireName(), text, String.valueOf(RETENTION.toMillis()));
    }

    @Override
    public List<OutputChunk> readAfter(String jobId, String after, int max) {
        List<MapRecord<String, Object, Object>> entries = redis.opsForStream().range(JobKeys.output(jobId),
                Range.rightUnbounded(Range.Bound.inclusive(next(after))), Limit.limit().count(max));
        return entries == null ? List.of() : entries.stream().map(RedisLiveOutput::chunk).toList();
    }

    private static OutputChunk chunk(MapRecord<String, Object, Object> entry) {
        Map<Object, Object> fields = entry.getValue();
        return new OutputChunk(entry.getId().getValue(), Integer.parseInt((String) fields.get("a")),
                OutputChunk.Stream.of((String) fields.get("s")), (String) fields.get("t"));
    }

    /** The smallest stream id after {@code position} (ids are {@code <ms>-<sequence>}). */
    static String next(String position) {
        if (!POSITION.matcher(position).matches()) {
            throw new IllegalArgumentException("Not a live output position: " + position);
        }
        int dash = position.indexOf('-');
        long millis = Long.parseLong(position.substring(0, dash));
        long sequence = Long.parseLong(position.substring(dash + 1));
        return millis + "-" + (sequence + 1); // both have at most 18 digits, so this cannot overflow
    }
}
