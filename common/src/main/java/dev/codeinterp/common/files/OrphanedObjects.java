package dev.codeinterp.common.files;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Port: stored content that no grant references any more, and the marks that keep content a job will read from
 * being deleted. The {@link GrantLedger} makes content an orphan when its last grant goes away and takes it back when
 * the content is registered again; the janitor deletes what {@link #claimDeletable} hands it and then
 * {@link #forget}s it, or {@link #release}s it when the deletion failed.
 *
 * <p>Writers that store content which may already exist {@link #reserve} it first, so an object is never deleted
 * under a writer whose {@code put} skipped it because it still existed.
 */
public interface OrphanedObjects {

    /** How long a claim blocks {@link #reserve}; an older claim is taken to be from a janitor that died. */
    Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Claims orphans for deletion, oldest first, at most {@code limit}: orphaned before {@code orphanedBefore}, held
     * by no grant (not even an expired one still awaiting removal) and not marked in use by a job at {@code now}.
     * A claimed orphan is no longer an orphan and is not claimed again; until it is forgotten or released,
     * {@link #reserve} waits for it. An orphan found to be held by a grant again is forgotten on the way, and claims
     * older than {@link #CLAIM_TIMEOUT} at {@code now} become orphans again.
     */
    List<Orphan> claimDeletable(Instant orphanedBefore, Instant now, int limit);

    /**
     * Drops the content's claim and orphan entry, after its object was deleted; nothing happens when it is neither.
     */
    void forget(String fileHash);

    /**
     * Drops the claim on an orphan whose object could not be deleted and makes it an orphan again since its
     * original time, so it is tried next round; unless a grant holds the content again.
     */
    void release(Orphan orphan);

    /**
     * Keeps the content from being deleted until {@code until}, because a queued or running job will read it. When
     * content is marked more than once the latest {@code until} wins.
     */
    void markInUse(Collection<String> fileHashes, Instant until);

    /**
     * Called by a writer right before it stores the content: marks it in use until {@code until}, atomically, so the
     * janitor can no longer claim it, and records it as an orphan when no grant holds it (so content stored but never
     * granted is collected once the reservation lapses). If the janitor claimed it already,
     * waits until that claim is forgotten or released, so the following {@code put} finds the object deleted and
     * writes it again instead of skipping it; a claim older than {@link #CLAIM_TIMEOUT} is not waited for.
     *
     * @throws IllegalStateException when the claim is not resolved within a reasonable time
     */
    void reserve(String fileHash, Instant until);

    /** Content whose last grant went away at {@code orphanedAt}. */
    record Orphan(String fileHash, Instant orphanedAt) {
    }
}
