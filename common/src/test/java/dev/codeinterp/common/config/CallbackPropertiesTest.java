package dev.codeinterp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackPropertiesTest {

    @Test
    void shouldReadTheAllowlistWhenCommaSeparatedOrAJsonArray() {
        assertThat(new CallbackProperties("", " Hooks.Example.com, 127.0.0.1 ,,", 5).settings().hostAllowlist())
                .containsExactly("hooks.example.com", "127.0.0.1");
        assertThat(new CallbackProperties("", "[\"a.example.com\", \"::1\"]", 5).settings().hostAllowlist())
                .containsExactly("a.example.com", "::1");
        assertThat(new CallbackProperties("", "", 5).settings().acceptsAnyPublicHost()).isTrue();
    }

    @Test
    void shouldStopTheStartNamingTheVariableWhenASettingIsMalformed() {
        assertThatThrownBy(() -> new CallbackProperties("", "https://hooks.example.com/x", 5))
                .hasMessageContaining("APP_CALLBACK_HOST_ALLOWLIST");
        assertThatThrownBy(() -> new CallbackProperties("", "[1]", 5))
                .hasMessageContaining("APP_CALLBACK_HOST_ALLOWLIST");
        assertThatThrownBy(() -> new CallbackProperties("", "", 0))
                .hasMessageContaining("APP_CALLBACK_MAX_ATTEMPTS");
    }

    @Test
    void shouldNeverPrintTheSecretWhenPrinted() {
        CallbackProperties properties = new CallbackProperties("top-secret-key", "", 5);

        assertThat(properties.toString()).doesNotContain("top-secret-key").contains("secret=***");
        assertThat(properties.settings().toString()).doesNotContain("top-secret-key");
    }

    @Test
    void shouldDoubleThePauseAfterEachFailedAttempt() {
        var settings = new CallbackProperties("", "", 5).settings();

        assertThat(settings.delayAfter(1)).hasSeconds(1);
        assertThat(settings.delayAfter(2)).hasSeconds(2);
        assertThat(settings.delayAfter(4)).hasSeconds(8);
    }
}
