package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.codeinterp.common.files.OrphanedObjects.Orphan;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrphanedObjects} must do, together with the {@link GrantLedger} that makes content an orphan.
 * Each adapter's test extends this class and supplies both over one empty store. Times are whole seconds, the
 * granularity of grant expiry.
 */
public abstract class OrphanedObjectsContract {

    protected static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");
    protected static final Duration GRACE = Duration.ofHours(1);
    protected static final String HASH = hash(1);

    protected GrantLedger ledger;
    protected OrphanedObjects orphans;

    /** A ledger over an empty store; called before every test, before {@link #newOrphanedObjects()}. */
    protected abstract GrantLedger newLedger();

    /** The orphans of the store behind the ledger {@link #newLedger()} just returned. */
    protected abstract OrphanedObjects newOrphanedObjects();

    @BeforeEach
    void setUpStore() {
        ledger = newLedger();
        orphans = newOrphanedObjects();
    }

    @Test
    void shouldOfferContentWhenItsLastGrantWentAwayBeforeTheGivenTime() {
        orphan(HASH, NOW);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10))
                .containsExactly(new Orphan(HASH, NOW));
    }

    @Test
    void shouldNotOfferContentWhenItWasOrphanedAtTheGivenTime() {
        orphan(HASH, NOW);

        assertThat(orphans.claimDeletable(NOW, NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldNotOfferContentWhenAGrantStillHoldsIt() {
        ledger.register(new GrantKey("chat", HASH, "data.csv"), GrantLimits.of(0, null));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldNotOfferContentWhenItsExpiredGrantAwaitsRemoval() {
        ledger.register(new GrantKey("chat", HASH, "data.csv"), GrantLimits.of(0, NOW));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldNotOfferContentWhenItWasRegisteredAgain() {
        orphan(HASH, NOW);

        ledger.register(new GrantKey("another-chat", HASH, "copy.csv"), GrantLimits.of(0, null));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldCountGraceFromTheLatestOrphaningWhenContentWasRegisteredAndOrphanedAgain() {
        orphan(HASH, NOW);
        Instant later = NOW.plus(Duration.ofMinutes(30));
        orphan(HASH, later);

        assertThat(orphans.claimDeletable(NOW.plusSeconds(1), NOW.plus(GRACE).plusSeconds(1), 10)).isEmpty();
        assertThat(orphans.claimDeletable(later.plusSeconds(1), later.plus(GRACE).plusSeconds(1), 10))
                .containsExactly(new Orphan(HASH, later));
    }

    @Test
    void shouldOrphanContentWhenItsExpiredGrantIsRemoved() {
        ledger.register(new GrantKey("chat", HASH, "data.csv"), GrantLimits.of(0, NOW.minusSeconds(10)));
        ledger.removeExpired(NOW, 10);

        assertThat(orphans.claimDeletable(NOW.plusSeconds(1), NOW.plusSeconds(1), 10))
                .containsExactly(new Orphan(HASH, NOW));
    }

    @Test
    void shouldNotOfferContentWhileAJobMayStillReadIt() {
        orphan(HASH, NOW);
        Instant until = NOW.plus(GRACE).plus(Duration.ofMinutes(10));

        orphans.markInUse(List.of(HASH), until);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), until.minusSeconds(1), 10)).isEmpty();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), until, 10)).containsExactly(new Orphan(HASH, NOW));
    }

    @Test
    void shouldProtectContentWhenMarkedInUseBeforeItWasOrphaned() {
        orphans.markInUse(List.of(HASH), NOW.plus(Duration.ofDays(1)));
        orphan(HASH, NOW);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldKeepTheLaterMarkWhenMarkedInUseTwice() {
        orphan(HASH, NOW);
        Instant later = NOW.plus(Duration.ofHours(3));
        orphans.markInUse(List.of(HASH), later);

        orphans.markInUse(List.of(HASH), NOW.plus(Duration.ofHours(2)));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), later.minusSeconds(1), 10)).isEmpty();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), later, 10)).hasSize(1);
    }

    @Test
    void shouldAcceptNoHashesWhenMarkingInUse() {
        orphans.markInUse(List.of(), NOW);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldOfferAtMostLimitOldestFirst() {
        orphan(hash(1), NOW);
        orphan(hash(2), NOW.plusSeconds(1));
        orphan(hash(3), NOW.plusSeconds(2));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 2))
                .containsExactly(new Orphan(hash(1), NOW), new Orphan(hash(2), NOW.plusSeconds(1)));
    }

    @Test
    void shouldOfferYoungerOrphansWhenOlderOnesAreInUse() {
        orphan(hash(1), NOW);
        orphan(hash(2), NOW.plusSeconds(1));
        orphan(hash(3), NOW.plusSeconds(2));
        orphans.markInUse(List.of(hash(1), hash(2)), NOW.plus(Duration.ofDays(1)));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 1))
                .containsExactly(new Orphan(hash(3), NOW.plusSeconds(2)));
    }

    @Test
    void shouldOfferNothingWhenLimitIsNotPositive() {
        orphan(HASH, NOW);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 0)).isEmpty();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), -1)).isEmpty();
    }

    @Test
    void shouldNotOfferAClaimedOrphanAgain() {
        orphan(HASH, NOW);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).hasSize(1);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE).plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void shouldOfferAnOrphanAgainSinceItsOriginalTimeWhenItsClaimIsReleased() {
        orphan(HASH, NOW);
        orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10);

        orphans.release(new Orphan(HASH, NOW));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10))
                .containsExactly(new Orphan(HASH, NOW));
    }

    @Test
    void shouldNotOfferReleasedContentWhenAGrantHoldsItAgain() {
        orphan(HASH, NOW);
        orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10);
        ledger.register(new GrantKey("another-chat", HASH, "copy.csv"), GrantLimits.of(0, null));

        orphans.release(new Orphan(HASH, NOW));

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    @Test
    void shouldOfferAnOrphanAgainWhenItsClaimIsStale() {
        orphan(HASH, NOW);
        orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10);
        Instant stale = NOW.plus(GRACE).plus(OrphanedObjects.CLAIM_TIMEOUT).plusSeconds(1);

        assertThat(orphans.claimDeletable(stale, stale, 10)).extracting(Orphan::fileHash).containsExactly(HASH);
    }

    @Test
    void shouldNotOfferReservedContent() {
        orphan(HASH, NOW);
        Instant until = NOW.plus(GRACE).plus(Duration.ofMinutes(10));

        orphans.reserve(HASH, until);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), until.plusSeconds(1), 10)).as("reservation lapsed")
                .extracting(Orphan::fileHash).containsExactly(HASH);
    }

    @Test
    void shouldCollectContentThatWasReservedButNeverGranted() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        orphans.reserve(HASH, now.plusSeconds(600));

        assertThat(orphans.claimDeletable(now.plus(GRACE).plusSeconds(601), now.plus(GRACE).plusSeconds(601), 10))
                .extracting(Orphan::fileHash).containsExactly(HASH);
    }

    @Test
    void shouldReserveAtOnceWhenTheClaimWasForgotten() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        orphan(HASH, now.minus(GRACE).minusSeconds(1));
        orphans.claimDeletable(now, now, 10);

        orphans.forget(HASH);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> orphans.reserve(HASH, now.plusSeconds(600)));
    }

    @Test
    void shouldWaitToReserveUntilTheClaimIsForgotten() throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        orphan(HASH, now.minus(GRACE).minusSeconds(1));
        assertThat(orphans.claimDeletable(now, now, 10)).hasSize(1);
        AtomicLong forgottenAt = new AtomicLong();
        Thread janitor = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forgottenAt.set(System.nanoTime());
            orphans.forget(HASH);
        });
        janitor.start();

        orphans.reserve(HASH, now.plusSeconds(600));
        long reservedAt = System.nanoTime();
        janitor.join();

        assertThat(forgottenAt.get()).isNotZero();
        assertThat(reservedAt).isGreaterThan(forgottenAt.get());
    }

    @Test
    void shouldNotWaitToReserveForAStaleClaim() {
        Instant claimedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(OrphanedObjects.CLAIM_TIMEOUT)
                .minusSeconds(60);
        orphan(HASH, claimedAt.minus(GRACE).minusSeconds(1));
        assertThat(orphans.claimDeletable(claimedAt, claimedAt, 10)).hasSize(1);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> orphans.reserve(HASH, Instant.now().plusSeconds(600)));
    }

    @Test
    void shouldDoNothingWhenForgettingContentThatIsNoOrphan() {
        ledger.register(new GrantKey("chat", HASH, "data.csv"), GrantLimits.of(0, null));

        orphans.forget(HASH);

        assertThat(ledger.isUsable("chat", HASH, NOW)).isTrue();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();
    }

    /** Gives the content a grant and ends it at {@code at}, leaving it without any grant. */
    protected void orphan(String fileHash, Instant at) {
        GrantKey key = new GrantKey("chat", fileHash, "data.csv");
        ledger.register(key, GrantLimits.of(0, null));
        ledger.expire(key, at);
    }

    protected static String hash(int n) {
        return String.format("%064x", n);
    }
}
