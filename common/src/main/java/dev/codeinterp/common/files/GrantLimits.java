package dev.codeinterp.common.files;

import java.time.Instant;

/**
 * What a grant allows.
 *
 * @param remainingDownloads null means unlimited
 * @param expiresAt          null means never
 */
public record GrantLimits(Integer remainingDownloads, Instant expiresAt) {

    public static GrantLimits of(int maxDownloads, Instant expiresAt) {
        return new GrantLimits(maxDownloads == 0 ? null : maxDownloads, expiresAt);
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
