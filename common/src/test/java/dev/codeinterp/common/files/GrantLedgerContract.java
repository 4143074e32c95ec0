package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GrantLedger} must do. Each adapter's test extends this class and supplies an empty ledger (the
 * expired-grant removal sees every chat). {@link #NOW} lies in the future, so an adapter backed by a store with
 * real-time expiry still holds the grants these tests call expired: what is checked is the ledger's own rule.
 */
public abstract class GrantLedgerContract {

    protected static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");
    protected static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    protected static final String OTHER_HASH = "0".repeat(64);

    protected GrantLedger ledger;
    protected String chatId;

    /** An empty ledger to test; called before every test. */
    protected abstract GrantLedger newLedger();

    @BeforeEach
    void setUpLedger() {
        ledger = newLedger();
        chatId = "chat-" + UUID.randomUUID();
    }

    @Test
    void shouldBeUsableWhenRegisteredWithoutExpiry() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
    }

    @Test
    void shouldBeUsableWhenRegisteredWithFutureExpiry() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(3, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
    }

    @Test
    void shouldNotBeUsableWhenNothingWasRegistered() {
        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
    }

    @Test
    void shouldNotBeUsableWhenAnotherChatAsks() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(ledger.isUsable(chatId + "-other", HASH, NOW)).isFalse();
    }

    @Test
    void shouldNotBeUsableWhenAnotherHashIsAsked() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(ledger.isUsable(chatId, OTHER_HASH, NOW)).isFalse();
    }

    @Test
    void shouldNotBeUsableWhenGrantExpiredBeforeNow() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, NOW.minusSeconds(1)));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
    }

    @Test
    void shouldNotBeUsableWhenGrantExpiresExactlyNow() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, NOW));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
    }

    @Test
    void shouldStayUsableWhenAnotherFilenameForSameContentHasNotExpired() {
        ledger.register(new GrantKey(chatId, HASH, "old.csv"), GrantLimits.of(0, NOW.minus(Duration.ofHours(1))));
        ledger.register(new GrantKey(chatId, HASH, "new.csv"), GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
        assertThat(ledger.isUsable(chatId, HASH, NOW.plus(Duration.ofHours(2)))).isFalse();
    }

    @Test
    void shouldBeUsableAgainWhenSameGrantIsRegisteredWithLaterExpiry() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(1, NOW.minus(Duration.ofHours(1))));

        ledger.register(key, GrantLimits.of(1, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
    }

    @Test
    void shouldExpireWhenSameGrantIsRegisteredAgainWithEarlierExpiry() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));

        ledger.register(key, GrantLimits.of(0, NOW.minus(Duration.ofMinutes(1))));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
    }

    @Test
    void shouldReturnLimitsAfterTheDownloadWhenConsumingOne() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        Instant expiry = NOW.plus(Duration.ofHours(1));
        ledger.register(key, GrantLimits.of(3, expiry));

        assertThat(ledger.consumeDownload(key, NOW)).contains(new GrantLimits(2, expiry));
        assertThat(ledger.consumeDownload(key, NOW)).contains(new GrantLimits(1, expiry));
    }

    @Test
    void shouldStayUnlimitedWhenConsumingFromUnlimitedGrant() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));

        for (int i = 0; i < 5; i++) {
            assertThat(ledger.consumeDownload(key, NOW)).contains(new GrantLimits(null, null));
        }
    }

    @Test
    void shouldRemoveTheGrantWhenItsLastDownloadIsUsed() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(1, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.consumeDownload(key, NOW)).contains(new GrantLimits(0, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.consumeDownload(key, NOW)).isEmpty();
        assertThat(ledger.isUsable(chatId, HASH, NOW)).as("usable as an input").isFalse();
        assertThat(ledger.expire(key, NOW)).as("nothing left to expire").isFalse();
        assertThat(ledger.removeExpired(NOW.plus(Duration.ofDays(1)), 10)).as("nothing left to sweep").isEmpty();
    }

    @Test
    void shouldKeepOtherFilenameUsableWhenOneGrantOfTheContentIsUsedUp() {
        GrantKey usedUp = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(usedUp, GrantLimits.of(1, null));
        ledger.register(new GrantKey(chatId, HASH, "copy.csv"), GrantLimits.of(0, null));

        ledger.consumeDownload(usedUp, NOW);

        assertThat(ledger.consumeDownload(usedUp, NOW)).isEmpty();
        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
        assertThat(ledger.consumeDownload(new GrantKey(chatId, HASH, "copy.csv"), NOW)).isPresent();
    }

    @Test
    void shouldGrantDownloadsAgainWhenAUsedUpGrantIsRegisteredAgain() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(1, null));
        ledger.consumeDownload(key, NOW);

        ledger.register(key, GrantLimits.of(2, null));

        assertThat(ledger.consumeDownload(key, NOW)).contains(new GrantLimits(1, null));
        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
    }

    @Test
    void shouldRefuseAndRemoveAGrantFoundWithNoDownloadLeft() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, new GrantLimits(0, null));

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
        assertThat(ledger.consumeDownload(key, NOW)).isEmpty();
        assertThat(ledger.expire(key, NOW)).as("removed by the refused download").isFalse();
    }

    @Test
    void shouldRefuseDownloadWhenNothingWasRegistered() {
        assertThat(ledger.consumeDownload(new GrantKey(chatId, HASH, "data.csv"), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseDownloadWhenAnotherChatAsks() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(ledger.consumeDownload(new GrantKey(chatId + "-other", HASH, "data.csv"), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseDownloadWhenAnotherFilenameIsAsked() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(ledger.consumeDownload(new GrantKey(chatId, HASH, "other.csv"), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseDownloadWhenGrantExpiresExactlyNow() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW));

        assertThat(ledger.consumeDownload(key, NOW)).isEmpty();
        assertThat(ledger.consumeDownload(key, NOW.minusSeconds(1))).isPresent();
    }

    @Test
    void shouldRefuseDownloadAndKeepQuotaWhenExpiredGrantHasDownloadsLeft() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        Instant expiry = NOW.minus(Duration.ofMinutes(1));
        ledger.register(key, GrantLimits.of(5, expiry));

        assertThat(ledger.consumeDownload(key, NOW)).isEmpty();
        assertThat(ledger.consumeDownload(key, expiry.minusSeconds(1))).contains(new GrantLimits(4, expiry));
    }

    @Test
    void shouldEndGrantWhenExpiredExplicitly() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW.plus(Duration.ofDays(1))));

        assertThat(ledger.expire(key, NOW)).isTrue();

        assertThat(ledger.consumeDownload(key, NOW)).isEmpty();
        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
        assertThat(ledger.isUsable(chatId, HASH, NOW.minus(Duration.ofDays(1)))).as("ended, not merely expired")
                .isFalse();
    }

    @Test
    void shouldEndNeverExpiringGrantWhenExpiredExplicitly() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));

        assertThat(ledger.expire(key, NOW)).isTrue();

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isFalse();
    }

    @Test
    void shouldKeepOtherFilenameUsableWhenOneGrantOfTheContentIsExpired() {
        GrantKey expired = new GrantKey(chatId, HASH, "a.csv");
        GrantKey kept = new GrantKey(chatId, HASH, "b.csv");
        ledger.register(expired, GrantLimits.of(0, null));
        ledger.register(kept, GrantLimits.of(0, null));

        ledger.expire(expired, NOW);

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
        assertThat(ledger.consumeDownload(kept, NOW)).isPresent();
        assertThat(ledger.consumeDownload(expired, NOW)).isEmpty();
    }

    @Test
    void shouldAnswerFalseWhenExpiringUnknownGrant() {
        assertThat(ledger.expire(new GrantKey(chatId, HASH, "data.csv"), NOW)).isFalse();
    }

    @Test
    void shouldAnswerFalseWhenExpiringGrantThatAlreadyExpired() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW));

        assertThat(ledger.expire(key, NOW)).isFalse();
    }

    @Test
    void shouldAnswerFalseWhenExpiringTheSameGrantTwice() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));
        ledger.expire(key, NOW);

        assertThat(ledger.expire(key, NOW)).isFalse();
    }

    @Test
    void shouldRemoveOnlyGrantsExpiredAtNowWhenRemovingExpired() {
        GrantKey before = new GrantKey(chatId, HASH, "before.csv");
        GrantKey exactlyNow = new GrantKey(chatId, HASH, "now.csv");
        GrantKey later = new GrantKey(chatId, HASH, "later.csv");
        GrantKey never = new GrantKey(chatId, OTHER_HASH, "never.csv");
        ledger.register(before, GrantLimits.of(0, NOW.minus(Duration.ofHours(1))));
        ledger.register(exactlyNow, GrantLimits.of(0, NOW));
        ledger.register(later, GrantLimits.of(0, NOW.plusSeconds(1)));
        ledger.register(never, GrantLimits.of(0, null));

        List<GrantKey> removed = ledger.removeExpired(NOW, 10);

        assertThat(removed).containsExactlyInAnyOrder(before, exactlyNow);
        assertThat(ledger.consumeDownload(before, NOW.minus(Duration.ofDays(1)))).as("removed, not merely expired")
                .isEmpty();
        assertThat(ledger.consumeDownload(later, NOW)).isPresent();
        assertThat(ledger.consumeDownload(never, NOW)).isPresent();
    }

    @Test
    void shouldRemoveAtMostLimitWhenMoreGrantsExpired() {
        for (int i = 0; i < 3; i++) {
            ledger.register(new GrantKey(chatId, HASH, i + ".csv"), GrantLimits.of(0, NOW.minusSeconds(10 - i)));
        }

        assertThat(ledger.removeExpired(NOW, 2)).hasSize(2);
        assertThat(ledger.removeExpired(NOW, 2)).hasSize(1);
        assertThat(ledger.removeExpired(NOW, 2)).isEmpty();
    }

    @Test
    void shouldRemoveNothingWhenRemovingExpiredTwice() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW.minusSeconds(1)));

        assertThat(ledger.removeExpired(NOW, 10)).containsExactly(key);
        assertThat(ledger.removeExpired(NOW, 10)).isEmpty();
        assertThat(ledger.expire(key, NOW)).isFalse();
    }

    @Test
    void shouldRemoveNothingWhenLimitIsNotPositive() {
        ledger.register(new GrantKey(chatId, HASH, "data.csv"), GrantLimits.of(0, NOW.minusSeconds(1)));

        assertThat(ledger.removeExpired(NOW, 0)).isEmpty();
        assertThat(ledger.removeExpired(NOW, -1)).isEmpty();
    }

    @Test
    void shouldKeepGrantWhenItWasRegisteredAgainWithLaterExpiry() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW.minus(Duration.ofHours(1))));
        ledger.register(key, GrantLimits.of(0, NOW.plus(Duration.ofHours(1))));

        assertThat(ledger.removeExpired(NOW, 10)).isEmpty();

        assertThat(ledger.consumeDownload(key, NOW)).isPresent();
    }

    @Test
    void shouldKeepGrantWhenItWasRegisteredAgainWithoutExpiry() {
        GrantKey key = new GrantKey(chatId, HASH, "data.csv");
        ledger.register(key, GrantLimits.of(0, NOW.minus(Duration.ofHours(1))));
        ledger.register(key, GrantLimits.of(0, null));

        assertThat(ledger.removeExpired(NOW.plus(Duration.ofDays(365)), 10)).isEmpty();

        assertThat(ledger.isUsable(chatId, HASH, NOW)).isTrue();
    }
}
