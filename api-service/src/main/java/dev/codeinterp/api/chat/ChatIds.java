package dev.codeinterp.api.chat;

import dev.codeinterp.api.web.ApiException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one rule for chat ids: {@code ^[0-9A-Za-z_-]{1,255}$}, required unless configured otherwise. */
public final class ChatIds {

    public static final String DEFAULT = "default";
    private static final Pattern VALID = Pattern.compile("[0-9A-Za-z_-]{1,255}");

    private ChatIds() {
    }

    /**
     * The effective chat id of a request: the given one when valid; {@code default} when absent and not required.
     */
    public static String resolve(Optional<String> requested, boolean required) {
        if (requested.isEmpty() || requested.get().isEmpty()) {
            if (required) {
                throw ApiException.forbidden("Chat ID required but missing");
            }
            return DEFAULT;
        }
        String chatId = requested.get();
        if (!VALID.matcher(chatId).matches()) {
            throw ApiException.badRequest("Field 'chat_id' must match ^[0-9A-Za-z_-]{1,255}$");
        }
        return chatId;
    }
}
