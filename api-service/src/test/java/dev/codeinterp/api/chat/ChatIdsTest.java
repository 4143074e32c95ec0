package dev.codeinterp.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class ChatIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "chat-1", "Chat_ID-09", "0123456789"})
    void shouldKeepChatIdWhenItMatchesTheRule(String chatId) {
        assertThat(ChatIds.resolve(Optional.of(chatId), true)).isEqualTo(chatId);
    }

    @Test
    void shouldKeepChatIdWhenItHasTheMaximumLength() {
        String chatId = "x".repeat(255);

        assertThat(ChatIds.resolve(Optional.of(chatId), true)).isEqualTo(chatId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat 1", "chat.1", "chat/1", "chat:1", "chät", "chat\n", "\nchat", " chat"})
    void shouldRejectWith400NamingFieldWhenChatIdHasForbiddenCharacters(String chatId) {
        assertThatThrownBy(() -> ChatIds.resolve(Optional.of(chatId), true))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST))
                .hasMessageContaining("'chat_id'");
    }

    @Test
    void shouldRejectWith400WhenChatIdIsLongerThan255() {
        assertThatThrownBy(() -> ChatIds.resolve(Optional.of("x".repeat(256)), true))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "absent"})
    void shouldRefuseWith403WhenChatIdIsRequiredButMissing(String given) {
        Optional<String> requested = given.equals("absent") ? Optional.empty() : Optional.of(given);

        assertThatThrownBy(() -> ChatIds.resolve(requested, true))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.FORBIDDEN))
                .hasMessage("Chat ID required but missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "absent"})
    void shouldUseDefaultWhenChatIdIsOptionalAndMissing(String given) {
        Optional<String> requested = given.equals("absent") ? Optional.empty() : Optional.of(given);

        assertThat(ChatIds.resolve(requested, false)).isEqualTo(ChatIds.DEFAULT).isEqualTo("default");
    }

    @Test
    void shouldStillValidateChatIdWhenItIsOptional() {
        assertThatThrownBy(() -> ChatIds.resolve(Optional.of("bad id"), false))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST));
    }

    private static Consumer<ApiException> status(HttpStatus expected) {
        return e -> assertThat(e.status()).isEqualTo(expected);
    }
}
