package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.files.OrphanedObjects.Orphan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored objects that no grant has referenced for the grace period and no queued or running job will read.
 * Each batch is claimed first, so a writer storing the same content again waits for the deletion and then writes the
 * object anew. An object that cannot be deleted is released as an orphan again and tried next round.
 */
public final class OrphanObjectSweeper implements Sweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanObjectSweeper.class);

    private final OrphanedObjects orphans;
    private final FileStore files;
    private final Duration grace;
    private final int batchSize;

    public OrphanObjectSweeper(OrphanedObjects orphans, FileStore files, Duration grace, int batchSize) {
        this.orphans = orphans;
        this.files = files;
        this.grace = grace;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        int deleted = 0;
        for (Orphan orphan : orphans.claimDeletable(now.minus(grace), now, batchSize)) {
            try {
                files.delete(orphan.fileHash());
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete orphaned object {}; will retry next round", orphan.fileHash(), e);
                orphans.release(orphan);
                continue;
            }
            orphans.forget(orphan.fileHash());
            deleted++;
            log.info("Deleted object {}: no live grant since {}, orphan grace {} passed", orphan.fileHash(),
                    orphan.orphanedAt(), grace);
        }
        if (deleted > 0) {
            log.info("Orphan-object sweep deleted {} object(s) without a grant for over {}", deleted, grace);
        }
        return deleted;
    }
}
