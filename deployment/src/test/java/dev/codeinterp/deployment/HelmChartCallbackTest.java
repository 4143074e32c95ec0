package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Job callbacks: any service may end a job, so each gets the signing key and the callback settings. */
class HelmChartCallbackTest {

    private static final List<String> SERVICES = List.of("api", "worker", "janitor");

    @Test
    void shouldGiveEveryServiceTheSigningKeyFromItsSecretWhenOneIsNamed() {
        Rendered rendered = Rendered.defaults(Map.of("callbackSecret.existingSecret", "ci-callbacks",
                "config.shared.APP_CALLBACK_HOST_ALLOWLIST", "hooks.example.com",
                "config.shared.APP_CALLBACK_MAX_ATTEMPTS", "3"));

        for (String service : SERVICES) {
            SecretKeySelector ref = rendered.env(service).get("APP_CALLBACK_SECRET").getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).as(service).isEqualTo("ci-callbacks");
            assertThat(ref.getKey()).as(service).isEqualTo("callback-secret");
            assertThat(rendered.env(service).get("APP_CALLBACK_HOST_ALLOWLIST").getValue())
                    .isEqualTo("hooks.example.com");
            assertThat(rendered.env(service).get("APP_CALLBACK_MAX_ATTEMPTS").getValue()).isEqualTo("3");
        }
    }

    @Test
    void shouldSetNoSigningKeyWhenNoSecretIsNamed() {
        Rendered rendered = Rendered.defaults();

        for (String service : SERVICES) {
            assertThat(rendered.env(service)).as(service).doesNotContainKey("APP_CALLBACK_SECRET");
        }
    }

    @Test
    void shouldRefuseTheSigningKeyWhenItIsInAConfigMap() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("config.shared.APP_CALLBACK_SECRET", "inline")))
                .hasMessageContaining("APP_CALLBACK_SECRET is set by the chart");
    }
}
