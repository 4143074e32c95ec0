package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.json.JsonMapper;

class HelmChartValuesTest {

    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\|([^|]*APP_[^|]*)\\|");
    private static final Pattern SETTING = Pattern.compile("APP_[A-Z0-9_]+");
    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void shouldCoverEverySettingOfTheReadmeAndTheContractWhenValuesAreRead() throws IOException {
        String values = Files.readString(HelmChart.DIR.resolve("values.yaml"));
        Set<String> settings = settingsOfTables(Path.of("..", "README.md"));
        settings.addAll(Set.of("APP_EXECUTOR_IMAGE", "APP_EXECUTOR_IMAGE_PULL_POLICY", "APP_EXECUTOR_POD_NAME_PREFIX",
                "APP_EXECUTOR_NAMESPACE", "APP_EXECUTOR_CONTAINER_RESOURCES", "APP_EXECUTOR_POD_SPEC_EXTRA",
                "APP_EXECUTOR_AGENT_PORT", "APP_EXECUTOR_POD_READY_TIMEOUT", "APP_WORKER_POD_NAME",
                "APP_WORKER_POD_UID", "APP_API_POD_NAME"));

        assertThat(settings).hasSizeGreaterThan(50);
        assertThat(settings).allSatisfy(name -> assertThat(values).as(name).containsPattern("\\b" + name + "\\b"));
    }

    @Test
    void shouldApplyEachConfigMapToItsServicesOnlyWhenValuesAreSet() {
        Rendered rendered = Rendered.defaults(Map.of(
                "config.shared.APP_RESULT_GRACE", "90",
                "config.api.APP_MAX_QUEUED_JOBS", "50",
                "config.worker.APP_WORKER_CONCURRENCY", "6",
                "config.janitor.APP_ORPHAN_GRACE", "2h"));

        for (String component : List.of("api", "worker", "janitor")) {
            assertThat(value(rendered, component, "APP_RESULT_GRACE")).isEqualTo("90");
        }
        assertThat(value(rendered, "api", "APP_MAX_QUEUED_JOBS")).isEqualTo("50");
        assertThat(value(rendered, "worker", "APP_WORKER_CONCURRENCY")).isEqualTo("6");
        assertThat(value(rendered, "janitor", "APP_ORPHAN_GRACE")).isEqualTo("2h");
        assertThat(rendered.env("worker")).doesNotContainKey("APP_MAX_QUEUED_JOBS");
        assertThat(rendered.env("api")).doesNotContainKeys("APP_WORKER_CONCURRENCY", "APP_ORPHAN_GRACE",
                "APP_CHAT_RATE_LIMIT");
    }

    @Test
    void shouldRefuseASettingTheChartSetsItselfWhenItIsInAConfigMap() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("config.worker.APP_EXECUTOR_AGENT_PORT", "1")))
                .hasMessageContaining("APP_EXECUTOR_AGENT_PORT is set by the chart");
    }

    @Test
    void shouldRenderExecutorResourcesAndPodSpecExtraAsJsonWhenRuntimeClassIsSet() throws IOException {
        Rendered rendered = Rendered.defaults(Map.of("executor.runtimeClassName", "gvisor",
                "executor.podSpecExtra.nodeSelector.sandbox", "yes"));

        assertThat(JSON.readTree(value(rendered, "worker", "APP_EXECUTOR_POD_SPEC_EXTRA")))
                .isEqualTo(JSON.readTree("{\"runtimeClassName\":\"gvisor\",\"nodeSelector\":{\"sandbox\":\"yes\"}}"));
        assertThat(JSON.readTree(value(rendered, "worker", "APP_EXECUTOR_CONTAINER_RESOURCES"))).isEqualTo(JSON.readTree(
                "{\"requests\":{\"cpu\":\"250m\",\"memory\":\"512Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}"));
        assertThat(value(Rendered.defaults(), "worker", "APP_EXECUTOR_POD_SPEC_EXTRA")).isEqualTo("{}");
    }

    @Test
    void shouldNameImagesAsTheContractDoesWhenARegistryIsSet() {
        Rendered rendered = Rendered.production();

        for (String component : List.of("api", "worker", "janitor")) {
            assertThat(rendered.container(component).getImage())
                    .isEqualTo("registry.example.com/code-interpreter/code-interpreter-" + component + ":0.1.0");
        }
        assertThat(value(rendered, "worker", "APP_EXECUTOR_IMAGE"))
                .isEqualTo("registry.example.com/code-interpreter/code-interpreter-executor:0.1.0");
        assertThat(Rendered.defaults().container("api").getImage()).isEqualTo("code-interpreter-api:0.1.0");
    }

    @Test
    void shouldServeTheApiOn50081WhenValuesAreTheDefaults() {
        Rendered rendered = Rendered.defaults();

        assertThat(rendered.get(Service.class, "api").getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(50081));
        assertThat(value(rendered, "api", "APP_HTTP_LISTEN_ADDR")).isEqualTo("0.0.0.0:50081");
        assertThat(rendered.container("api").getPorts()).extracting(port -> port.getName() + ":" + port.getContainerPort())
                .containsExactly("http:50081", "management:50082");
    }

    @ParameterizedTest
    @CsvSource({"api, http, 50081", "worker, management, 50082", "janitor, management, 50082"})
    void shouldProbeReadyzAndLivezOfEachServiceOnItsHealthPortWhenValuesAreTheDefaults(String component, String port,
            int number) {
        Container container = Rendered.defaults().container(component);

        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(port);
            assertThat(p.getContainerPort()).isEqualTo(number);
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(port);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(port);
        assertThat(value(Rendered.defaults(), component, "APP_MANAGEMENT_LISTEN_ADDR")).isEqualTo("0.0.0.0:50082");
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getContainerPort()).isEqualTo(50082);
        });
    }

    @Test
    void shouldFailTheRenderWhenTheS3SecretIsMissing() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("s3.existingSecret", "")))
                .hasMessageContaining("s3.existingSecret");
    }

    @Test
    void shouldFailTheRenderWhenKafkaIsMissing() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("kafka.bootstrapServers", "")))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void shouldNeedNoS3SecretButASharedClaimWhenFilesLiveOnAFilesystem() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("fileStorage.backend", "filesystem")))
                .hasMessageContaining("fileStorage.existingClaim");

        Rendered rendered = Rendered.defaults(Map.of("fileStorage.backend", "filesystem", "s3.existingSecret", "",
                "fileStorage.existingClaim", "files"));
        assertThat(rendered.env("worker")).doesNotContainKeys("APP_S3_ACCESS_KEY", "APP_S3_ENDPOINT");
        assertThat(value(rendered, "janitor", "APP_FILE_STORAGE_PATH")).isEqualTo("/var/lib/code-interpreter/files");
        assertThat(rendered.container("api").getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/lib/code-interpreter/files"));
    }

    private static Set<String> settingsOfTables(Path markdown) throws IOException {
        Matcher rows = TABLE_ROW.matcher(Files.readString(markdown));
        return rows.results()
                .flatMap(row -> SETTING.matcher(row.group(1)).results().map(MatchResult::group))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String value(Rendered rendered, String component, String name) {
        EnvVar env = rendered.env(component).get(name);
        assertThat(env).as(component + " " + name).isNotNull();
        return env.getValue();
    }
}
