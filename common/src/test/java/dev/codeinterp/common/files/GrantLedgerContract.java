package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GrantLedger} must do. Each adapter's test extends this class. Every test uses a chat id of its
 * own, so a ledger may be shared between tests. {@link #NOW} lies in the future, so an adapter backed by a store
 * with real-time expiry still holds the grants these tests call expired: what is checked is the ledger's own rule.
 */
public abstract class GrantLedgerContract {

    protected static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");
    protected static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    protected static final String OTHER_HASH = "0".repeat(64);

    protected GrantLedger ledger;
    protected String chatId;

    /** The ledger under test; called before every test. */
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
}
