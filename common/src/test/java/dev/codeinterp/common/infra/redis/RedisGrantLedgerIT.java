package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLedgerContract;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisGrantLedgerIT extends GrantLedgerContract {

    private static final long NO_EXPIRY = -1;
    private static final long NO_KEY = -2;

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected GrantLedger newLedger() {
        redis.flushAll();
        return new RedisGrantLedger(redis.template());
    }

    @Test
    void shouldExpireKeyWithLatestGrantWhenSeveralFilenamesShareContent() {
        Instant later = NOW.plus(Duration.ofHours(2));
        ledger.register(new GrantKey(chatId, HASH, "a.csv"), GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));
        ledger.register(new GrantKey(chatId, HASH, "b.csv"), GrantLimits.of(0, later));

        assertThat(redis.expireTime(key())).isEqualTo(later.getEpochSecond());
    }

    @Test
    void shouldShortenKeyExpiryWhenLatestGrantIsRegisteredAgainWithEarlierExpiry() {
        Instant first = NOW.plus(Duration.ofHours(1));
        ledger.register(new GrantKey(chatId, HASH, "a.csv"), GrantLimits.of(0, first));
        ledger.register(new GrantKey(chatId, HASH, "b.csv"), GrantLimits.of(0, NOW.plus(Duration.ofHours(2))));

        ledger.register(new GrantKey(chatId, HASH, "b.csv"), GrantLimits.of(0, NOW.plus(Duration.ofMinutes(30))));

        assertThat(redis.expireTime(key())).isEqualTo(first.getEpochSecond());
    }

    @Test
    void shouldRemoveKeyExpiryWhenAnyGrantNeverExpires() {
        ledger.register(new GrantKey(chatId, HASH, "a.csv"), GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));

        ledger.register(new GrantKey(chatId, HASH, "b.csv"), GrantLimits.of(0, null));

        assertThat(redis.expireTime(key())).isEqualTo(NO_EXPIRY);
    }

    @Test
    void shouldExpireKeyAgainWhenNeverExpiringGrantGetsAnExpiry() {
        Instant expiry = NOW.plus(Duration.ofDays(1));
        GrantKey key = new GrantKey(chatId, HASH, "a.csv");
        ledger.register(key, GrantLimits.of(0, null));

        ledger.register(key, GrantLimits.of(0, expiry));

        assertThat(redis.expireTime(key())).isEqualTo(expiry.getEpochSecond());
    }

    @Test
    void shouldDropKeyWhenEveryGrantExpiredInRealTime() {
        ledger.register(new GrantKey(chatId, HASH, "a.csv"), GrantLimits.of(0, Instant.parse("2001-01-01T00:00:00Z")));

        assertThat(redis.expireTime(key())).isEqualTo(NO_KEY);
        assertThat(ledger.isUsable(chatId, HASH, Instant.parse("2000-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void shouldSucceedExactlyQuotaTimesWhenManyDownloadsRace() throws Exception {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(10, null));
        int threads = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Optional<GrantLimits>>> downloads = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                downloads.add(pool.submit(() -> {
                    start.await();
                    return ledger.consumeDownload(key, NOW);
                }));
            }
            start.countDown();

            List<Integer> remainingAfterSuccess = new ArrayList<>();
            for (Future<Optional<GrantLimits>> download : downloads) {
                download.get(30, TimeUnit.SECONDS)
                        .ifPresent(after -> remainingAfterSuccess.add(after.remainingDownloads()));
            }

            assertThat(remainingAfterSuccess).containsExactlyInAnyOrder(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldTrackEveryChatAndFilenameHoldingTheContent() {
        ledger.register(new GrantKey(chatId, HASH, "a.csv"), GrantLimits.of(0, null));
        ledger.register(new GrantKey("other", HASH, "b.csv"), GrantLimits.of(0, null));

        assertThat(redis.template().opsForSet().members(RedisGrantLedger.refsKey(HASH)))
                .containsExactlyInAnyOrder(chatId + "\0a.csv", "other\0b.csv");
        assertThat(orphanedAt(HASH)).isNull();
    }

    @Test
    void shouldOrphanContentAtExpiryTimeWhenItsOnlyGrantIsExpired() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));

        ledger.expire(key, NOW);

        assertThat(orphanedAt(HASH)).isEqualTo(NOW.getEpochSecond());
        assertThat(redis.template().hasKey(RedisGrantLedger.refsKey(HASH))).isFalse();
    }

    @Test
    void shouldOrphanContentAtSweepTimeWhenItsOnlyGrantIsRemovedAsExpired() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, NOW.minus(Duration.ofHours(1))));

        ledger.removeExpired(NOW, 10);

        assertThat(orphanedAt(HASH)).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void shouldNotOrphanContentWhenAnotherChatStillHoldsIt() {
        GrantKey mine = new GrantKey(chatId, HASH, "data.csv");
        GrantKey theirs = new GrantKey("other", HASH, "data.csv");
        ledger.register(mine, GrantLimits.of(0, null));
        ledger.register(theirs, GrantLimits.of(0, null));

        ledger.expire(mine, NOW);

        assertThat(orphanedAt(HASH)).isNull();
        assertThat(ledger.isUsable("other", HASH, NOW)).isTrue();
        ledger.expire(theirs, NOW.plusSeconds(5));
        assertThat(orphanedAt(HASH)).isEqualTo(NOW.plusSeconds(5).getEpochSecond());
    }

    @Test
    void shouldNotOrphanContentWhenAnotherFilenameStillHoldsIt() {
        GrantKey first = new GrantKey(chatId, HASH, "a.csv");
        ledger.register(first, GrantLimits.of(0, NOW.minusSeconds(5)));
        ledger.register(new GrantKey(chatId, HASH, "b.csv"), GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.removeExpired(NOW, 10)).containsExactly(first);

        assertThat(orphanedAt(HASH)).isNull();
    }

    @Test
    void shouldTakeContentBackFromOrphansWhenAnyChatRegistersItAgain() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));
        ledger.expire(key, NOW);

        ledger.register(new GrantKey("other", HASH, "copy.csv"), GrantLimits.of(0, null));

        assertThat(orphanedAt(HASH)).isNull();
    }

    @Test
    void shouldDropTheGrantAndOrphanItsContentAtTheDownloadThatUsesItUp() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(2, NOW.plus(Duration.ofDays(1))));

        ledger.consumeDownload(key, NOW);
        assertThat(orphanedAt(HASH)).as("one download left").isNull();
        ledger.consumeDownload(key, NOW.plusSeconds(7));

        assertThat(orphanedAt(HASH)).isEqualTo(NOW.plusSeconds(7).getEpochSecond());
        assertThat(redis.template().hasKey(key())).as("grant hash").isFalse();
        assertThat(redis.template().hasKey(RedisGrantLedger.refsKey(HASH))).as("holders").isFalse();
        assertThat(redis.template().opsForZSet().size(RedisGrantLedger.EXPIRY_INDEX)).as("expiry index").isZero();
    }

    @Test
    void shouldNotOrphanContentWhenAnotherChatStillHoldsItAfterOneGrantIsUsedUp() {
        GrantKey mine = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(mine, GrantLimits.of(1, null));
        ledger.register(new GrantKey("other", HASH, "data.csv"), GrantLimits.of(0, null));

        ledger.consumeDownload(mine, NOW);

        assertThat(orphanedAt(HASH)).isNull();
        assertThat(redis.template().opsForSet().members(RedisGrantLedger.refsKey(HASH)))
                .containsExactly("other\0data.csv");
    }

    @Test
    void shouldNotOrphanOtherContentWhenExpiringUnknownGrant() {
        ledger.expire(new GrantKey(chatId, HASH, "data.csv"), NOW);

        assertThat(orphanedAt(HASH)).isNull();
    }

    @Test
    void shouldRemoveGrantWhoseKeyRedisAlreadyExpiredAndOrphanItsContent() {
        GrantKey key = new GrantKey(chatId, HASH, "a.csv");
        ledger.register(key, GrantLimits.of(0, Instant.parse("2001-01-01T00:00:00Z")));

        assertThat(ledger.removeExpired(Instant.parse("2001-01-01T00:00:00Z"), 10)).containsExactly(key);

        assertThat(orphanedAt(HASH)).isEqualTo(Instant.parse("2001-01-01T00:00:00Z").getEpochSecond());
    }

    private String key() {
        return RedisGrantLedger.grantKey(chatId, HASH);
    }

    private Long orphanedAt(String hash) {
        Double score = redis.template().opsForZSet().score(RedisGrantLedger.ORPHANS, hash);
        return score == null ? null : score.longValue();
    }
}
