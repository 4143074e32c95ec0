package dev.codeinterp.common.files;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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

    /**
     * The limits a grant is given when it is made at {@code grantedAt}: the expiry counts from then, to the second.
     *
     * @param maxDownloads 0 means unlimited
     * @param expiresAfter null means never
     */
    public static GrantLimits startingAt(Instant grantedAt, int maxDownloads, Duration expiresAfter) {
        return of(maxDownloads, expiresAfter == null ? null
                : grantedAt.plus(expiresAfter).truncatedTo(ChronoUnit.SECONDS));
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** No download left: a grant in this state is removed by the download that used up the last one. */
    public boolean isUsedUp() {
        return remainingDownloads != null && remainingDownloads <= 0;
    }

    /** Neither expired at {@code now} nor used up: the grant lets its chat download the file and use it as input. */
    public boolean isLiveAt(Instant now) {
        return !isExpiredAt(now) && !isUsedUp();
    }
}
