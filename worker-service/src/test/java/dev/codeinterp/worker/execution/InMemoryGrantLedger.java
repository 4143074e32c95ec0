package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-memory {@link GrantLedger} for unit tests that also shows what was registered, in order; it passes
 * {@link dev.codeinterp.common.files.GrantLedgerContract}.
 */
final class InMemoryGrantLedger implements GrantLedger {

    private final Map<GrantKey, GrantLimits> grants = new LinkedHashMap<>();

    @Override
    public synchronized void register(GrantKey key, GrantLimits limits) {
        grants.put(key, limits);
    }

    @Override
    public synchronized boolean isUsable(String chatId, String fileHash, Instant now) {
        return grants.entrySet().stream().anyMatch(grant -> grant.getKey().chatId().equals(chatId)
                && grant.getKey().fileHash().equals(fileHash) && !grant.getValue().isExpiredAt(now));
    }

    /** Every grant registered, in registration order. */
    synchronized Map<GrantKey, GrantLimits> registered() {
        return new LinkedHashMap<>(grants);
    }
}
