package dev.codeinterp.common.job;

import java.time.Duration;

/**
 * What happens to the files a job produces.
 *
 * @param persistWorkspace whether new or changed files are stored and returned at all
 * @param maxDownloads     downloads each output grant allows; 0 means unlimited
 * @param expiresAfter     how long after the job finishes the grants expire; null means never
 */
public record OutputPolicy(boolean persistWorkspace, int maxDownloads, Duration expiresAfter) {
}
