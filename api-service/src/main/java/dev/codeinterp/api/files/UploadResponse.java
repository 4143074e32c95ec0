package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.FileMetadataView;

/** The {@code /v1/upload} response body (serialised in snake_case). */
public record UploadResponse(String fileHash, String filename, String chatId, FileMetadataView metadata) {
}
