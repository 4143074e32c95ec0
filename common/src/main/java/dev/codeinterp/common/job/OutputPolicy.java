package dev.codeinterp.common.job;

import java.time.Duration;

/**
 * What happens to the files a job produces.
 *
 * @param persistWorkspace whether new or changed files are stored and returned at all
 * @param maxDownloads     downloads each output grant allows; 0 means unlimited
 * @param expiresAfter     how long after the job finishes the grants expire; null means never
 * @param liveOutput       whether the program's output is also written to the job's {@link LiveOutput} as it runs
 */
public record OutputPolicy(boolean persistWorkspace, int maxDownloads, Duration expiresAfter, boolean liveOutput) {

    /** A policy without live output. */
    public OutputPolicy(boolean persistWorkspace, int maxDownloads, Duration expiresAfter) {
        this(persistWorkspace, maxDownloads, expiresAfter, false);
    }
}
