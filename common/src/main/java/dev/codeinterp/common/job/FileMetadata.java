package dev.codeinterp.common.job;

import java.time.Instant;

/**
 * What a grant still allows.
 *
 * @param remainingDownloads null means unlimited
 * @param expiresAt          null means never
 */
public record FileMetadata(Integer remainingDownloads, Instant expiresAt) {
}
