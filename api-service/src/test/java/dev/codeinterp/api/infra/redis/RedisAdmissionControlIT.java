package dev.codeinterp.api.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionControlContract;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.ChatRateLimit;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.common.infra.redis.RedisInFlightSlots;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisAdmissionControlIT extends AdmissionControlContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected AdmissionControl newAdmissionControl(AdmissionLimits limits) {
        redis.flushAll();
        return new RedisAdmissionControl(redis.template(), limits, new RedisInFlightSlots(redis.template()));
    }

    @Test
    void shouldAdmitExactlyTheLimitWhenManyReplicasRaceForOneChat() throws Exception {
        AdmissionControl admission = newAdmissionControl(new AdmissionLimits(0, 5, ChatRateLimit.UNLIMITED));
        int threads = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Admission>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return admission.admit(new JobSlot("race", UUID.randomUUID().toString(),
                            NOW.plus(Duration.ofMinutes(1))), NOW);
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Admission> answer : answers) {
                admitted += answer.get(30, TimeUnit.SECONDS).isAdmitted() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLetRedisDropAChatsKeysWhenItsHoldsAndWindowAreOver() {
        AdmissionControl admission = newAdmissionControl(
                new AdmissionLimits(0, 1, new ChatRateLimit(1, Duration.ofSeconds(30))));
        JobSlot slot = new JobSlot("ttl", "job-1", NOW.plus(Duration.ofMinutes(2)));

        admission.admit(slot, NOW);

        long nowSeconds = System.currentTimeMillis() / 1000;
        assertThat(redis.expireTime(RedisAdmissionControl.chatJobsKey("ttl"))).isBetween(nowSeconds + 100,
                nowSeconds + 121);
        assertThat(redis.expireTime(RedisAdmissionControl.chatStartsKey("ttl"))).isBetween(nowSeconds + 20,
                nowSeconds + 31);
    }
}
