package dev.codeinterp.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRateLimitTest {

    @ParameterizedTest
    @CsvSource({"60, 60, 60", "60/1m, 60, 60", "10/30s, 10, 30", "1000/1h, 1000, 3600", "5/m, 5, 60",
            "' 7 / 2M ', 7, 120", "0, 0, 60"})
    void shouldReadExecutionsPerWindow(String text, int executions, long windowSeconds) {
        ChatRateLimit limit = ChatRateLimit.parse(text, "APP_CHAT_RATE_LIMIT");

        assertThat(limit.executions()).isEqualTo(executions);
        assertThat(limit.window()).isEqualTo(Duration.ofSeconds(windowSeconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "0"})
    void shouldBeUnlimitedWhenEmptyOrZero(String text) {
        assertThat(ChatRateLimit.parse(text, "APP_CHAT_RATE_LIMIT").isUnlimited()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "60/0m", "60/", "60/1d", "sixty", "60 per minute", "1.5", "/1m"})
    void shouldFailNamingTheVariableWhenMalformed(String text) {
        assertThatThrownBy(() -> ChatRateLimit.parse(text, "APP_CHAT_RATE_LIMIT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("APP_CHAT_RATE_LIMIT");
    }

    @ParameterizedTest
    @CsvSource({"60, 60 per 1m", "10/30s, 10 per 30s", "0, unlimited"})
    void shouldDescribeItselfForProblemDetails(String text, String described) {
        assertThat(ChatRateLimit.parse(text, "APP_CHAT_RATE_LIMIT")).hasToString(described);
    }
}
