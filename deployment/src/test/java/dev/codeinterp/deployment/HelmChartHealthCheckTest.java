package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code helm test}: a pod of the api image runs the health-check command against the api Service. Never run here (no
 * cluster): rendered only.
 */
class HelmChartHealthCheckTest {

    /** Without its hook: helm template leaves hooks out of the manifest. */
    private static final Map<String, String> PLAIN_POD = Map.of("healthCheck.helmHook", "");

    @Test
    void shouldBeAHelmTestHookOutsideTheManifestWhenValuesAreTheDefaults() {
        assertThat(Rendered.defaults().has(Pod.class, "health-check")).isFalse();
        assertThat(Rendered.defaults(PLAIN_POD).has(Pod.class, "health-check")).isTrue();
    }

    @Test
    void shouldRunTheApiImagesHealthCheckAgainstTheApiServiceWhenRendered() {
        Pod pod = Rendered.defaults(PLAIN_POD).get(Pod.class, "health-check");

        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "health-check");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(Rendered.defaults().container("api").getImage());
        assertThat(container.getArgs()).containsExactly("health-check",
                "http://" + HelmChart.RELEASE + "-code-interpreter-api:50081");
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void shouldSendTheApiKeysFromTheirSecretWhenKeysAreConfigured() {
        Pod pod = Rendered.defaults(Map.of("apiKeys.existingSecret", "keys", "healthCheck.helmHook", ""))
                .get(Pod.class, "health-check");

        assertThat(pod.getSpec().getContainers().get(0).getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("APP_API_KEYS");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("keys");
        });
    }

    @Test
    void shouldRenderNoTestPodWhenTheHealthCheckIsOff() {
        assertThat(Rendered.defaults(Map.of("healthCheck.enabled", "false", "healthCheck.helmHook", ""))
                .has(Pod.class, "health-check")).isFalse();
    }
}
