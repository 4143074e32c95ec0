package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.health.HealthCheckCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/**
 * Each service's liveness and readiness over HTTP, with every dependency up: the api's on its own port, the worker's
 * and janitor's on their management address; and the health-check command. Redis down is in {@link RedisOutageIT}.
 */
class HealthIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    @Test
    void shouldServeLiveAndReadyWithEveryDependencyOfEachServiceUpWhenTheStackRuns() {
        Map<String, String> urls = TestStack.get().serviceUrls();

        assertThat(urls).containsOnlyKeys("api-service", "worker-service", "janitor-service");
        urls.forEach((service, url) -> {
            assertThat(get(url, "/livez")).as(service).containsEntry("status", "UP");
            assertThat(get(url, "/readyz")).as(service).containsEntry("status", "UP");
        });
        assertThat(components(urls.get("api-service"))).containsOnlyKeys("readinessState", "kafka", "redis",
                "fileStore");
        assertThat(components(urls.get("janitor-service"))).containsOnlyKeys("readinessState", "kafka", "redis",
                "fileStore");
        assertThat(components(urls.get("worker-service"))).containsOnlyKeys("readinessState", "kafka", "redis",
                "fileStore", "sandboxPool");
    }

    @Test
    void shouldShowEachComponentsStatusButNoDetailWhenAskedForTheWholeHealth() {
        Map<String, Object> health = get(TestStack.get().serviceUrls().get("worker-service"), "/actuator/health");

        assertThat(health).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.get("components");
        assertThat(components).containsKeys("kafka", "redis", "fileStore", "sandboxPool", "livenessState");
        components.forEach((name, component) -> assertThat(component).as(name).containsOnlyKeys("status"));
    }

    @Test
    void shouldPassTheHealthCheckCommandByRunningPrintThroughTheWholeStack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = HealthCheckCommand.run(List.of(HealthCheckCommand.NAME, TestStack.get().baseUrl()), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("healthy: print(21 * 2) printed 42 through");
        assertThat(status).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> components(String url) {
        return (Map<String, Object>) get(url, "/readyz").get("components");
    }

    private static Map<String, Object> get(String url, String path) {
        return TestStack.clientFor(url).get().uri(path).exchange().expectStatus().isOk().expectBody(JSON_OBJECT)
                .returnResult().getResponseBody();
    }
}
