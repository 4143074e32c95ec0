package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.RequestFields;
import dev.codeinterp.common.files.FileHashes;
import dev.codeinterp.common.files.GrantKey;
import tools.jackson.databind.JsonNode;

/** Reads the {@code {chat_id, file_hash, filename}} body of {@code /v1/download} and {@code /v1/expire}. */
final class GrantRequestParser {

    private final boolean requireChatId;

    GrantRequestParser(boolean requireChatId) {
        this.requireChatId = requireChatId;
    }

    GrantKey parse(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String chatId = ChatIds.resolve(fields.string("chat_id", "chatId"), requireChatId);
        String fileHash = fields.string("file_hash", "fileHash")
                .orElseThrow(() -> ApiException.badRequest("Field 'file_hash' is required"));
        if (!FileHashes.isValid(fileHash)) {
            throw ApiException.badRequest("Field 'file_hash' must be 64 lowercase hex characters");
        }
        String filename = fields.string("filename", "fileName")
                .orElseThrow(() -> ApiException.badRequest("Field 'filename' is required"));
        return new GrantKey(chatId, fileHash, FileNames.require(filename));
    }
}
