package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmChartRenderTest {

    @TempDir
    Path workDir;

    @Test
    void shouldLintStrictlyWhenValuesAreTheDefaults() {
        LintResult result = HelmChart.lint(Map.of(), workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldLintStrictlyWhenDefaultsHaveTheRequiredEndpoints() {
        LintResult result = HelmChart.lint(HelmChart.requiredValues(), workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldLintStrictlyWhenValuesAreTheProductionExample() {
        LintResult result = HelmChart.lint(HelmChart.readValues(HelmChart.PRODUCTION_VALUES), workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldRenderEveryObjectStrictlyWhenValuesAreTheDefaults() {
        List<HasMetadata> objects = HelmChart.renderDefaults(Map.of());

        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ServiceAccount",
                "Role", "RoleBinding", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler");
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/version", "0.1.0")
                .containsKey("app.kubernetes.io/component"));
    }

    @Test
    void shouldRenderEveryObjectStrictlyWhenValuesAreTheProductionExample() {
        List<HasMetadata> objects = HelmChart.renderProduction();

        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("Deployment", "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget");
    }

    @Test
    void shouldLintStrictlyWhenPackageInstallationIsOn() {
        Map<String, Object> values = HelmChart.deepMerge(HelmChart.readValues(HelmChart.PRODUCTION_VALUES),
                Map.of("config", Map.of("worker", Map.of("APP_PIP_INDEX_URL", "https://pypi.example.com/simple")),
                        "packageCache", Map.of("storageClassName", "nfs-client")));
        LintResult result = HelmChart.lint(values, workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldRenderEveryObjectStrictlyWhenPackageInstallationIsOn() {
        List<HasMetadata> objects = HelmChart.render(List.of(HelmChart.PRODUCTION_VALUES),
                Map.of("config.worker.APP_PIP_INDEX_URL", "https://pypi.example.com/simple"));

        assertThat(objects).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim", "Deployment");
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsKey("app.kubernetes.io/component"));
    }

    @Test
    void shouldRefuseAFieldTheModelDoesNotKnowWhenParsing() {
        String manifest = """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: x
                automountServiceAccountTokn: false
                """;

        assertThatThrownBy(() -> StrictManifests.parse(manifest))
                .hasStackTraceContaining("automountServiceAccountTokn");
    }

    @Test
    void shouldRefuseANestedUnknownFieldWhenParsing() {
        String manifest = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: x
                spec:
                  podSelector: {}
                  egres: []
                """;

        assertThatThrownBy(() -> StrictManifests.parse(manifest)).hasStackTraceContaining("egres");
    }

    @Test
    void shouldRefuseAnUnknownKindWhenParsing() {
        String manifest = """
                apiVersion: example.dev/v1
                kind: Widget
                metadata:
                  name: x
                """;

        assertThatThrownBy(() -> StrictManifests.parse(manifest)).hasMessageContaining("Widget");
    }
}
