package dev.codeinterp.common.files;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Port: stored content that no grant references any more, and the marks that keep content a job will read from
 * being deleted. The {@link GrantLedger} makes content an orphan when its last grant goes away and takes it back when
 * the content is registered again; the janitor deletes what {@link #findDeletable} offers and then
 * {@link #forget}s it.
 */
public interface OrphanedObjects {

    /**
     * Orphans that may be deleted now, oldest first, at most {@code limit}: orphaned before {@code orphanedBefore},
     * held by no grant (not even an expired one still awaiting removal) and not marked in use by a job at
     * {@code now}. An orphan found to be held by a grant again is forgotten on the way.
     */
    List<Orphan> findDeletable(Instant orphanedBefore, Instant now, int limit);

    /** Drops the content from the orphans, after its object was deleted; nothing happens when it is not one. */
    void forget(String fileHash);

    /**
     * Keeps the content from being deleted until {@code until}, because a queued or running job will read it. When
     * content is marked more than once the latest {@code until} wins.
     */
    void markInUse(Collection<String> fileHashes, Instant until);

    /** Content whose last grant went away at {@code orphanedAt}. */
    record Orphan(String fileHash, Instant orphanedAt) {
    }
}
