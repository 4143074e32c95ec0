package dev.codeinterp.common.files;

import java.time.Instant;

/** Port: the grants that make stored content visible to a chat. */
public interface GrantLedger {

    /** Creates the grant, or resets its limits when the same (chat, hash, filename) is registered again. */
    void register(GrantKey key, GrantLimits limits);

    /** Whether the chat holds a grant for this content that has not expired at {@code now}. */
    boolean isUsable(String chatId, String fileHash, Instant now);
}
