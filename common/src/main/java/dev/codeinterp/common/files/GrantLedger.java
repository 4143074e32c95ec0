package dev.codeinterp.common.files;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the grants that make stored content visible to a chat. */
public interface GrantLedger {

    /** Creates the grant, or resets its limits when the same (chat, hash, filename) is registered again. */
    void register(GrantKey key, GrantLimits limits);

    /** Whether the chat holds a live grant for this content: not expired at {@code now}, downloads not used up. */
    boolean isUsable(String chatId, String fileHash, Instant now);

    /**
     * Checks and consumes one download in a single atomic step: the grant's limits after this download, or empty
     * when the grant is unknown, expired at {@code now} or has no downloads left (all indistinguishable). The
     * download that uses up the last one removes the grant in the same step, as {@link #expire} would: the file is
     * no longer the chat's (neither downloadable nor usable as an input), and content left without any grant becomes
     * an orphan candidate for the janitor.
     */
    Optional<GrantLimits> consumeDownload(GrantKey key, Instant now);

    /** Ends the grant at once; false when there was no live grant to end. */
    boolean expire(GrantKey key, Instant now);

    /**
     * Removes grants whose expiry is at or before {@code now}, at most {@code limit}; returns what it removed.
     * Content left without any grant becomes an orphan candidate for the janitor.
     */
    List<GrantKey> removeExpired(Instant now, int limit);
}
