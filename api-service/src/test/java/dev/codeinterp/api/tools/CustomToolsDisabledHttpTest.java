package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code APP_CUSTOM_TOOLS_ENABLED=false} both custom-tool endpoints refuse every request with 403. */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.custom-tools-enabled=false"})
class CustomToolsDisabledHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final String ADD_TOOL = "def add(a: int, b: int) -> int:\n    return a + b\n";

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/parse-custom-tool", "/v1/execute-custom-tool"})
    void shouldAnswer403WhenCustomToolsAreDisabled(String path) {
        Map<String, Object> problem = client().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tool_source_code", ADD_TOOL, "tool_input_json", "{\"a\": 1, \"b\": 2}",
                        "chat_id", "chat-disabled"))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsKey("detail");
        assertThat((String) problem.get("detail")).contains("disabled");
    }
}
