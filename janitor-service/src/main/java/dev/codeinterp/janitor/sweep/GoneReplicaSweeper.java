package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the result topic and consumer group of every api replica whose last heartbeat ({@link ReplicaRegistry}) is
 * older than the grace period ({@code APP_REPLICA_GONE_GRACE}), and forgets registry entries that old with nothing
 * left to delete.
 *
 * <p>A topic or group whose replica has no entry at all (made by a version without heartbeats, or whose entry was lost)
 * is registered as seen now, so it is deleted one grace period later unless a replica of that id starts beating:
 * never at first sight, which would cut off a live replica of an older version during a rolling upgrade.
 *
 * <p>A replica's entry is removed (only if it is still silent, atomically) before its resources are deleted, so one
 * that comes back at that moment keeps them; if the deletion fails the entry is put back, unless the replica has
 * registered again meanwhile, and the next round retries.
 */
public final class GoneReplicaSweeper implements Sweeper {

    private static final Logger log = LoggerFactory.getLogger(GoneReplicaSweeper.class);

    private final ReplicaRegistry registry;
    private final ReplicaResources resources;
    private final Duration grace;
    private final int batchSize;

    public GoneReplicaSweeper(ReplicaRegistry registry, ReplicaResources resources, Duration grace, int batchSize) {
        this.registry = registry;
        this.resources = resources;
        this.grace = grace;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        Instant cutoff = now.minus(grace);
        Set<String> present = new TreeSet<>(resources.replicaIds());
        Map<String, Instant> lastSeen = registry.lastHeartbeats();
        int handled = 0;
        for (String replicaId : present) {
            Instant seen = lastSeen.get(replicaId);
            if (seen == null) {
                if (registry.registerIfAbsent(replicaId, now)) {
                    log.info("Api replica {} has a result topic or group but no heartbeat; deleting them after {} "
                            + "unless it starts beating", replicaId, grace);
                }
            } else if (seen.isBefore(cutoff) && handled < batchSize && deleteGone(replicaId, seen, cutoff)) {
                handled++;
            }
        }
        for (Map.Entry<String, Instant> entry : lastSeen.entrySet()) {
            if (!present.contains(entry.getKey()) && entry.getValue().isBefore(cutoff)
                    && registry.removeIfSilentSince(entry.getKey(), cutoff)) {
                log.info("Forgot api replica {}: no heartbeat since {} and nothing left to delete", entry.getKey(),
                        entry.getValue());
            }
        }
        return handled;
    }

    private boolean deleteGone(String replicaId, Instant seen, Instant cutoff) {
        if (!registry.removeIfSilentSince(replicaId, cutoff)) {
            return false; // it beat again meanwhile
        }
        try {
            resources.delete(replicaId);
        } catch (RuntimeException e) {
            registry.registerIfAbsent(replicaId, seen);
            throw e;
        }
        log.info("Deleted the result topic and consumer group of api replica {}: no heartbeat since {} (grace {})",
                replicaId, seen, grace);
        return true;
    }
}
