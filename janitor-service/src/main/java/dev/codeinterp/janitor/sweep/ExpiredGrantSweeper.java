package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes grants whose expiry has passed. Content left without any grant becomes an orphan, which
 * {@link OrphanObjectSweeper} deletes after the grace period.
 */
public final class ExpiredGrantSweeper implements Sweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpiredGrantSweeper.class);

    private final GrantLedger grants;
    private final int batchSize;

    public ExpiredGrantSweeper(GrantLedger grants, int batchSize) {
        this.grants = grants;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        List<GrantKey> removed = grants.removeExpired(now, batchSize);
        for (GrantKey grant : removed) {
            log.debug("Removed grant of chat {} for {} as {}: expired", grant.chatId(), grant.fileHash(),
                    grant.filename());
        }
        if (!removed.isEmpty()) {
            log.info("Expired-grant sweep removed {} grant(s): expired at or before {}", removed.size(), now);
        }
        return removed.size();
    }
}
