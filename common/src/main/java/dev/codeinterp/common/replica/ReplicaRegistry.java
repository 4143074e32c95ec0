package dev.codeinterp.common.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Port: which api replicas are alive, by heartbeat. Each replica records a heartbeat every {@link #HEARTBEAT_INTERVAL}
 * from before it creates its result topic until it stops (then its last heartbeat is dated 1970: it is gone, and
 * need not be waited for); the janitor reads the last
 * heartbeats to tell a gone replica, whose result topic and consumer group it may delete, from a live one. Shared by
 * every replica and the janitor; every change is atomic.
 */
public interface ReplicaRegistry {

    /** How often a live replica records its heartbeat. A grace period for "gone" must be well above it. */
    Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    /** Records that the replica is alive at {@code now}, registering it if it was not. */
    void heartbeat(String replicaId, Instant now);

    /** The last heartbeat of a replica that stopped cleanly: past any grace period, so nobody waits for it. */
    Instant GONE = Instant.EPOCH;

    /** Records that the replica stopped cleanly: its last heartbeat becomes {@link #GONE}. */
    default void markGone(String replicaId) {
        heartbeat(replicaId, GONE);
    }

    /** The last heartbeat of every registered replica, by replica id. */
    Map<String, Instant> lastHeartbeats();

    /**
     * Registers the replica as last seen at {@code seenAt} unless it is registered already (a heartbeat of its own is
     * never overwritten).
     *
     * @return whether it was registered by this call
     */
    boolean registerIfAbsent(String replicaId, Instant seenAt);

    /**
     * Forgets the replica only if its last heartbeat is before {@code cutoff}: a replica that came back meanwhile is
     * kept.
     *
     * @return whether it was forgotten by this call
     */
    boolean removeIfSilentSince(String replicaId, Instant cutoff);
}
