package dev.codeinterp.api.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.execution.IdempotencyKeys.Claim;
import dev.codeinterp.api.execution.IdempotencyKeys.Scope;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisIdempotencyKeysIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final Duration DAY = Duration.ofDays(1);

    private RedisIdempotencyKeys keys;

    @BeforeEach
    void flush() {
        redis.flushAll();
        keys = new RedisIdempotencyKeys(redis.template());
    }

    @Test
    void shouldBindAFreeKeyAndAnswerTheFirstClaimToEveryLaterOne() {
        Claim first = new Claim("job-1", "fp-1");

        assertThat(keys.claim(Scope.JOBS, "chat", "key", first, DAY)).isEqualTo(first);
        assertThat(keys.claim(Scope.JOBS, "chat", "key", new Claim("job-2", "fp-2"), DAY)).isEqualTo(first);
        Claim otherChats = new Claim("job-3", "fp-1");
        assertThat(keys.claim(Scope.JOBS, "other-chat", "key", otherChats, DAY)).isEqualTo(otherChats);
    }

    @Test
    void shouldKeepTheKeyForTheRetentionOnly() {
        keys.claim(Scope.JOBS, "chat", "key", new Claim("job-1", "fp"), Duration.ofSeconds(90));

        long ttl = redis.template().getExpire(RedisIdempotencyKeys.redisKey(Scope.JOBS, "chat", "key"), TimeUnit.SECONDS);
        assertThat(ttl).isBetween(85L, 90L);
    }

    @Test
    void shouldForgetOnlyTheClaimThatHoldsTheKey() {
        Claim first = new Claim("job-1", "fp");
        keys.claim(Scope.JOBS, "chat", "key", first, DAY);

        keys.forget(Scope.JOBS, "chat", "key", new Claim("job-2", "fp"));
        assertThat(keys.claim(Scope.JOBS, "chat", "key", new Claim("job-3", "fp"), DAY)).isEqualTo(first);

        keys.forget(Scope.JOBS, "chat", "key", first);
        assertThat(keys.claim(Scope.JOBS, "chat", "key", new Claim("job-4", "fp"), DAY)).isEqualTo(new Claim("job-4", "fp"));
    }

    @Test
    void shouldLetExactlyOneOfManyRacingReplicasWin() throws Exception {
        int threads = 32;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Claim>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Claim mine = new Claim("job-" + i, "fp");
                answers.add(pool.submit(() -> {
                    start.await();
                    return keys.claim(Scope.JOBS, "chat", "raced", mine, DAY);
                }));
            }
            start.countDown();
            Set<Claim> winners = new HashSet<>();
            for (Future<Claim> answer : answers) {
                winners.add(answer.get(30, TimeUnit.SECONDS));
            }

            assertThat(winners).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAcceptAnyKeyTextAsItIsHashedIntoTheRedisKey() {
        String key = "ключ {with} spaces:and\nnewlines";

        assertThat(RedisIdempotencyKeys.redisKey(Scope.JOBS, "chat", key)).matches("idempotency:chat:[0-9a-f]{64}");
        assertThat(keys.claim(Scope.JOBS, "chat", key, new Claim("job-1", "fp"), DAY)).isEqualTo(new Claim("job-1", "fp"));
    }

    @Test
    void shouldKeepTheKeysOfEachEndpointApartWhenOneKeyIsUsedOnBoth() {
        Claim jobs = new Claim("job-1", "fp");
        Claim execute = new Claim("job-2", "fp");

        assertThat(keys.claim(Scope.JOBS, "chat", "key", jobs, DAY)).isEqualTo(jobs);
        assertThat(keys.claim(Scope.EXECUTE, "chat", "key", execute, DAY)).isEqualTo(execute);
        assertThat(keys.claim(Scope.JOBS, "execute", "key", new Claim("job-3", "fp"), DAY).jobId()).isEqualTo("job-3");

        assertThat(RedisIdempotencyKeys.redisKey(Scope.EXECUTE, "chat", "key"))
                .matches("idempotency:execute:chat:[0-9a-f]{64}");
    }
}
