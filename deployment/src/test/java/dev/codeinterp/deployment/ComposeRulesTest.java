package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeRulesTest {

    private final Map<String, Object> compose = RepoFiles.compose();

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void shouldHaveAHealthCheckWhenAnyServiceRuns() {
        assertThat(services()).isNotEmpty().allSatisfy((name, service) ->
                assertThat(service).as(name).containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWaitOnAConditionWhenAServiceDependsOnAnother() {
        services().forEach((name, service) -> {
            Object dependsOn = service.getOrDefault("depends_on", Map.of());
            assertThat(dependsOn).as("%s depends_on must be a map with conditions", name).isInstanceOf(Map.class);
            ((Map<String, Map<String, Object>>) dependsOn).forEach((dependency, spec) ->
                    assertThat(spec.get("condition")).as("%s -> %s", name, dependency)
                            .isIn("service_healthy", "service_completed_successfully"));
        });
        assertThat(services().get("api").get("depends_on")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("kafka", "redis", "minio-bucket");
    }

    @Test
    void shouldPublishTheApiOn50081WhenItRuns() {
        assertThat(services().get("api").get("ports")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST).anySatisfy(port ->
                        assertThat(port.toString()).matches("(127\\.0\\.0\\.1:)?50081:50081"));
        assertThat(services().get("api").get("environment")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("APP_HTTP_LISTEN_ADDR", "0.0.0.0:50081");
    }

    @Test
    void shouldNameTheImagesAsTheContractSaysWhenBuildingServices() {
        for (String service : List.of("api", "worker", "janitor")) {
            assertThat(services().get(service)).containsEntry("image", "code-interpreter-" + service + ":0.1.0");
        }
    }

    @Test
    void shouldRunKafkaInKraftModeWhenComposeStartsIt() {
        assertThat(services().get("kafka")).containsEntry("image", "apache/kafka:4.1.2");
        assertThat(services().get("kafka").get("environment")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void shouldGiveTheWorkerNoCapabilityWhenItRunsSandboxes() {
        Map<String, Object> worker = services().get("worker");

        assertThat(worker).doesNotContainKeys("privileged", "cap_add", "user");
        assertThat(worker.get("cap_drop")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly("ALL");
        assertThat(worker.get("security_opt")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("no-new-privileges:true");
    }

    @Test
    void shouldHaveNoTopLevelNameWhenOldComposeReadsTheFile() {
        assertThat(compose).doesNotContainKey("name");
    }
}
