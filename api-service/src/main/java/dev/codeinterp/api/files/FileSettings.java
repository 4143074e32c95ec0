package dev.codeinterp.api.files;

import java.nio.file.Path;

/**
 * The settings of {@code /v1/upload}, {@code /v1/download} and {@code /v1/expire}.
 *
 * @param requireChatId      {@code APP_REQUIRE_CHAT_ID}
 * @param globalMaxDownloads {@code APP_GLOBAL_MAX_DOWNLOADS}: {@code max_downloads} when the request gives none
 * @param uploadDirectory    {@code APP_UPLOAD_TEMP_DIR}, or the JVM's temporary directory when that is empty
 * @param fileSizeLimitBytes {@code APP_FILE_SIZE_LIMIT} in bytes
 */
public record FileSettings(boolean requireChatId, int globalMaxDownloads, Path uploadDirectory,
        long fileSizeLimitBytes) {
}
