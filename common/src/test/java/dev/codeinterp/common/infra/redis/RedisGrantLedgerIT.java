package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLedgerContract;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisGrantLedgerIT extends GrantLedgerContract {

    private static final long NO_EXPIRY = -1;
    private static final long NO_KEY = -2;

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected GrantLedger newLedger() {
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

    private String key() {
        return RedisGrantLedger.grantKey(chatId, HASH);
    }
}
