package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Validates the text fields of a {@code /v1/upload} form and applies the configured defaults. A field sent empty
 * counts as not sent, as HTML forms send every field; camelCase aliases are accepted as in the JSON endpoints.
 */
final class UploadRequestParser {

    private final FileSettings settings;
    private final ExpiryPolicy expiryPolicy;

    UploadRequestParser(FileSettings settings, ExpiryPolicy expiryPolicy) {
        this.settings = settings;
        this.expiryPolicy = expiryPolicy;
    }

    /**
     * @param fields   the form's text fields by part name
     * @param filename the name of the {@code upload} part's file, already valid; null when the part was missing
     */
    UploadRequest parse(Map<String, String> fields, String filename) {
        String chatId = ChatIds.resolve(field(fields, "chat_id", "chatId"), settings.requireChatId());
        if (filename == null) {
            throw ApiException.badRequest("Part 'upload' (the file) is required");
        }
        int maxDownloads = field(fields, "max_downloads", "maxDownloads").map(UploadRequestParser::nonNegativeInt)
                .orElse(settings.globalMaxDownloads());
        Duration expiresAfter = expiryPolicy.lifetime(field(fields, "expires_in", "expiresIn"));
        return new UploadRequest(chatId, filename, maxDownloads, expiresAfter);
    }

    private static Optional<String> field(Map<String, String> fields, String name, String alias) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            value = fields.get(alias);
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    private static int nonNegativeInt(String text) {
        String digits = text.strip();
        if (!digits.matches("\\d{1,9}")) {
            throw ApiException.badRequest("Field 'max_downloads' must be a non-negative integer");
        }
        return Integer.parseInt(digits);
    }
}
