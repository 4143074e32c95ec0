package dev.codeinterp.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.infra.redis.RedisGrantLedger;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExpiredGrantSweeperIT {

    // Far ahead, so Redis's own key expiry never removes what the sweeper is expected to remove.
    private static final Instant NOW = Instant.parse("2100-01-01T12:00:00Z");
    private static final String HASH = "a".repeat(64);
    private static final int BATCH_SIZE = 2;

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private GrantLedger grants;
    private ExpiredGrantSweeper sweeper;

    @BeforeEach
    void setUp() {
        redis.flushAll();
        grants = new RedisGrantLedger(redis.template());
        sweeper = new ExpiredGrantSweeper(grants, BATCH_SIZE);
    }

    @Test
    void shouldRemoveGrantWhenItsExpiryHasPassed() {
        GrantKey key = givenGrant("data.csv", NOW.minus(Duration.ofMinutes(1)));

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);

        assertThat(grants.consumeDownload(key, NOW.minus(Duration.ofHours(1)))).as("gone, not merely expired")
                .isEmpty();
    }

    @Test
    void shouldRemoveGrantExactlyWhenItExpires() {
        GrantKey key = givenGrant("data.csv", NOW.plus(Duration.ofMinutes(1)));

        assertThat(sweeper.sweepOnce(NOW)).isZero();
        assertThat(grants.consumeDownload(key, NOW)).isPresent();

        assertThat(sweeper.sweepOnce(NOW.plus(Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(grants.consumeDownload(key, NOW)).isEmpty();
    }

    @Test
    void shouldLeaveNeverExpiringGrantAlone() {
        GrantKey key = givenGrant("data.csv", null);

        assertThat(sweeper.sweepOnce(NOW.plus(Duration.ofDays(3650)))).isZero();

        assertThat(grants.consumeDownload(key, NOW)).isPresent();
    }

    @Test
    void shouldRemoveAtMostBatchSizeWhenMoreGrantsExpired() {
        givenGrant("a.csv", NOW.minusSeconds(3));
        givenGrant("b.csv", NOW.minusSeconds(2));
        givenGrant("c.csv", NOW.minusSeconds(1));

        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(BATCH_SIZE);
        assertThat(sweeper.sweepOnce(NOW)).isEqualTo(1);
    }

    @Test
    void shouldRemoveNothingWhenSweptTwice() {
        givenGrant("data.csv", NOW.minusSeconds(1));
        sweeper.sweepOnce(NOW);

        assertThat(sweeper.sweepOnce(NOW.plusSeconds(10))).isZero();
    }

    @Test
    void shouldKeepGrantWhenItWasRegisteredAgainWithLaterExpiry() {
        GrantKey key = givenGrant("data.csv", NOW.minusSeconds(1));
        grants.register(key, GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));

        assertThat(sweeper.sweepOnce(NOW)).isZero();

        assertThat(grants.isUsable("chat", HASH, NOW)).isTrue();
    }

    private GrantKey givenGrant(String filename, Instant expiresAt) {
        GrantKey key = new GrantKey("chat", HASH, filename);
        grants.register(key, GrantLimits.of(0, expiresAt));
        return key;
    }
}
