package dev.codeinterp.common.replica;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A {@link ReplicaRegistry} in memory, for tests; kept honest by {@link ReplicaRegistryContract}. */
public final class InMemoryReplicaRegistry implements ReplicaRegistry {

    private final Map<String, Instant> seen = new TreeMap<>();

    @Override
    public synchronized void heartbeat(String replicaId, Instant now) {
        seen.put(replicaId, now);
    }

    @Override
    public synchronized Map<String, Instant> lastHeartbeats() {
        return Map.copyOf(seen);
    }

    @Override
    public synchronized boolean registerIfAbsent(String replicaId, Instant seenAt) {
        return seen.putIfAbsent(replicaId, seenAt) == null;
    }

    @Override
    public synchronized boolean removeIfSilentSince(String replicaId, Instant cutoff) {
        Instant last = seen.get(replicaId);
        if (last != null && last.isBefore(cutoff)) {
            seen.remove(replicaId);
            return true;
        }
        return false;
    }
}
