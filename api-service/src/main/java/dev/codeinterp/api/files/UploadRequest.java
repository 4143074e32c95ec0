package dev.codeinterp.api.files;

import java.time.Duration;

/**
 * A validated {@code /v1/upload} form; the file's bytes are in the {@link StagedFile} it was read with.
 *
 * @param maxDownloads 0 means unlimited
 * @param expiresAfter null means never
 */
record UploadRequest(String chatId, String filename, int maxDownloads, Duration expiresAfter) {
}
