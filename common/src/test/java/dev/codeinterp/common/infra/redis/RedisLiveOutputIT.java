package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.LiveOutputContract;
import dev.codeinterp.common.job.OutputChunk.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisLiveOutputIT extends LiveOutputContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected LiveOutput newEmptyOutput() {
        redis.flushAll();
        return new RedisLiveOutput(redis.template());
    }

    @Test
    void shouldExpireLogRetentionAfterLastChunkWhenAppended() {
        output.append("job-1", 1, Stream.STDOUT, "x");

        assertThat(redis.template().getExpire(JobKeys.output("job-1")))
                .isBetween(LiveOutput.RETENTION.toSeconds() - 5, LiveOutput.RETENTION.toSeconds());
    }

    @Test
    void shouldBoundTheLogWhenAWriterAppendsWithoutEnd() {
        for (int i = 0; i < RedisLiveOutput.MAX_CHUNKS + 500; i++) {
            output.append("job-1", 1, Stream.STDOUT, "x");
        }

        assertThat(redis.template().opsForStream().size(JobKeys.output("job-1")))
                .isLessThan(RedisLiveOutput.MAX_CHUNKS + 500L);
    }

    @Test
    void shouldGiveNextPositionWhenSequenceGrows() {
        assertThat(RedisLiveOutput.next("0-0")).isEqualTo("0-1");
        assertThat(RedisLiveOutput.next("1733420000000-41")).isEqualTo("1733420000000-42");
    }
}
