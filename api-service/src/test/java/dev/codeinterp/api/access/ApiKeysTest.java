package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void shouldAcceptEveryConfiguredKeyAndNothingElse() {
        ApiKeys keys = ApiKeys.parse("first-key-123, second-key-456", "APP_API_KEYS");

        assertThat(keys.required()).isTrue();
        assertThat(keys.accepts("first-key-123")).isTrue();
        assertThat(keys.accepts("second-key-456")).isTrue();
        assertThat(keys.accepts("first-key-12")).isFalse();
        assertThat(keys.accepts("first-key-1234")).isFalse();
        assertThat(keys.accepts("FIRST-KEY-123")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void shouldReadKeysFromAJsonArray() {
        ApiKeys keys = ApiKeys.parse("[\"k1,with-comma\", \"k2\"]", "APP_API_KEYS");

        assertThat(keys.accepts("k1,with-comma")).isTrue();
        assertThat(keys.accepts("k2")).isTrue();
    }

    @Test
    void shouldRequireNothingWhenNoKeyIsConfigured() {
        assertThat(ApiKeys.parse("", "APP_API_KEYS").required()).isFalse();
        assertThat(ApiKeys.parse("[]", "APP_API_KEYS").required()).isFalse();
    }

    @Test
    void shouldNeverPrintAKey() {
        ApiKeys keys = ApiKeys.parse("super-secret-value", "APP_API_KEYS");

        assertThat(keys.toString()).doesNotContain("super-secret-value").contains("1");
    }

    @Test
    void shouldFailNamingTheVariableButNotTheKeyWhenAKeyIsMalformed() {
        assertThatThrownBy(() -> ApiKeys.parse("good-key, bad key", "APP_API_KEYS"))
                .hasMessageContaining("APP_API_KEYS").hasMessageNotContaining("bad key");
        assertThatThrownBy(() -> ApiKeys.parse("good-key,,other", "APP_API_KEYS"))
                .hasMessageContaining("APP_API_KEYS").hasMessageNotContaining("good-key");
    }
}
