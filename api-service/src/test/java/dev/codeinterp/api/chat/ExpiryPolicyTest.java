package dev.codeinterp.api.chat;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ExpiryPolicyTest {

    @Test
    void shouldNeverExpireWhenNothingIsRequestedOrConfigured() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().build());

        assertThat(policy.lifetime(Optional.empty())).isNull();
    }

    @Test
    void shouldApplyDefaultWhenRequestGivesNone() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().defaultExpiresIn("1d").build());

        assertThat(policy.lifetime(Optional.empty())).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldUseRequestedLifetimeWhenGivenAndUnderCap() {
        ExpiryPolicy policy = policyOf(
                defaultApiProperties().defaultExpiresIn("1d").maxExpiresIn("7d").build());

        assertThat(policy.lifetime(Optional.of("2h"))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldCapRequestedLifetimeWhenItExceedsMaximum() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().maxExpiresIn("7d").build());

        assertThat(policy.lifetime(Optional.of("30d"))).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldCapNeverExpiringGrantWhenMaximumIsConfigured() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().maxExpiresIn("7d").build());

        assertThat(policy.lifetime(Optional.empty())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldCapDefaultWhenDefaultExceedsMaximum() {
        ExpiryPolicy policy = policyOf(
                defaultApiProperties().defaultExpiresIn("30d").maxExpiresIn("1w").build());

        assertThat(policy.lifetime(Optional.empty())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRejectWith400NamingFieldWhenRequestedLifetimeIsInvalid() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().build());

        assertThatThrownBy(() -> policy.lifetime(Optional.of("5x")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessageContaining("'expires_in'");
    }

    @Test
    void shouldRefuseConfigurationNamingSettingWhenDefaultIsInvalid() {
        assertThatThrownBy(() -> policyOf(defaultApiProperties().defaultExpiresIn("forever").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("APP_DEFAULT_EXPIRES_IN")
                .hasMessageContaining("forever");
    }

    @Test
    void shouldRefuseConfigurationNamingSettingWhenMaximumIsInvalid() {
        assertThatThrownBy(() -> policyOf(defaultApiProperties().maxExpiresIn("0").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("APP_MAX_EXPIRES_IN");
    }

    @Test
    void shouldTreatBlankSettingsAsAbsentWhenConfigured() {
        ExpiryPolicy policy = policyOf(defaultApiProperties().defaultExpiresIn(" ").maxExpiresIn("").build());

        assertThat(policy.lifetime(Optional.empty())).isNull();
    }

    private static ExpiryPolicy policyOf(ApiProperties properties) {
        return properties.expiryPolicy();
    }
}
