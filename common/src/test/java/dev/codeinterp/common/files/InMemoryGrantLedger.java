package dev.codeinterp.common.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link GrantLedger} for unit tests that also shows what was registered, in order; it passes
 * {@link GrantLedgerContract}.
 */
public final class InMemoryGrantLedger implements GrantLedger {

    private final Map<GrantKey, GrantLimits> grants = new LinkedHashMap<>();

    @Override
    public synchronized void register(GrantKey key, GrantLimits limits) {
        grants.put(key, limits);
    }

    @Override
    public synchronized boolean isUsable(String chatId, String fileHash, Instant now) {
        return grants.entrySet().stream().anyMatch(grant -> grant.getKey().chatId().equals(chatId)
                && grant.getKey().fileHash().equals(fileHash) && grant.getValue().isLiveAt(now));
    }

    @Override
    public synchronized Optional<GrantLimits> consumeDownload(GrantKey key, Instant now) {
        GrantLimits limits = grants.get(key);
        if (limits == null || limits.isExpiredAt(now)) {
            return Optional.empty();
        }
        if (limits.isUsedUp()) {
            grants.remove(key);
            return Optional.empty();
        }
        GrantLimits after = limits.remainingDownloads() == null ? limits
                : new GrantLimits(limits.remainingDownloads() - 1, limits.expiresAt());
        if (after.isUsedUp()) {
            grants.remove(key);
        } else {
            grants.put(key, after);
        }
        return Optional.of(after);
    }

    @Override
    public synchronized boolean expire(GrantKey key, Instant now) {
        GrantLimits removed = grants.remove(key);
        return removed != null && !removed.isExpiredAt(now);
    }

    @Override
    public synchronized List<GrantKey> removeExpired(Instant now, int limit) {
        List<GrantKey> removed = new ArrayList<>();
        grants.entrySet().removeIf(grant -> {
            if (removed.size() < limit && grant.getValue().isExpiredAt(now)) {
                removed.add(grant.getKey());
                return true;
            }
            return false;
        });
        return removed;
    }

    /** Every grant registered, in registration order. */
    public synchronized Map<GrantKey, GrantLimits> registered() {
        return new LinkedHashMap<>(grants);
    }
}
