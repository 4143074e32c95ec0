package dev.codeinterp.common.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;

/**
 * The one way content enters the store and becomes visible to a chat, for uploads and job outputs alike: the content
 * is reserved, then stored under its hash, then granted. The reservation keeps the janitor from deleting an existing
 * object whose {@code put} the store skipped (it was there already) before the grant that holds it is registered.
 */
public final class FileDeposit {

    /** How long stored content is kept from the janitor until its grant is registered. */
    public static final Duration RESERVATION = Duration.ofMinutes(10);

    private final FileStore store;
    private final GrantLedger grants;
    private final OrphanedObjects orphans;
    private final Clock clock;

    public FileDeposit(FileStore store, GrantLedger grants, OrphanedObjects orphans, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.orphans = orphans;
        this.clock = clock;
    }

    /** Reserves the content for {@link #RESERVATION}, then stores it; {@code fileHash} must be its verified SHA-256. */
    public void store(String fileHash, InputStream content, long size) throws IOException {
        orphans.reserve(fileHash, clock.instant().plus(RESERVATION));
        store.put(fileHash, content, size);
    }

    /** Makes stored content visible to a chat under a file name, with these limits. */
    public void grant(GrantKey key, GrantLimits limits) {
        grants.register(key, limits);
    }
}
