package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every class of malformed request to every JSON endpoint ends in a 4xx problem whose {@code detail} names the
 * problem: never a 500, never a stack trace, and the service answers the next request normally.
 */
@Tag("security")
class HostileInputIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final String HASH = "a".repeat(64);

    private final WebTestClient client = TestStack.client();

    static Stream<Arguments> hostileBodies() {
        String manyEnv = "{" + String.join(",", java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> "\"V" + i + "\":\"x\"").toList()) + "}";
        String manyFiles = "{" + String.join(",", java.util.stream.IntStream.range(0, 1001)
                .mapToObj(i -> "\"/workspace/f" + i + "\":\"" + HASH + "\"").toList()) + "}";
        return Stream.of(
                // Not JSON, or not an object.
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": ", 400, "Malformed JSON"),
                Arguments.of("/v1/execute", "[1, 2]", 400, "JSON object"),
                Arguments.of("/v1/execute", "\"just a string\"", 400, "JSON object"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"\\ud800\"", 400, "Malformed"),
                // Wrong types.
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": 42}", 400, "source_code"),
                Arguments.of("/v1/execute", "{\"chat_id\": 7, \"source_code\": \"1\"}", 400, "chat_id"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"env\": [\"A=1\"]}", 400,
                        "env"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"env\": {\"A\": 1}}", 400,
                        "env"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"timeout\": -5}", 400,
                        "timeout"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"timeout\": \"1e999\"}",
                        400, "timeout"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"max_downloads\": -1}",
                        400, "max_downloads"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"persistent_workspace\": "
                        + "\"yes\"}", 400, "persistent_workspace"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"expires_in\": \"soon\"}",
                        400, "expires_in"),
                // Bad chat ids.
                Arguments.of("/v1/execute", "{\"chat_id\": \"../other\", \"source_code\": \"1\"}", 400, "chat_id"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"" + "c".repeat(256) + "\", \"source_code\": \"1\"}", 400,
                        "chat_id"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"a b\", \"source_code\": \"1\"}", 400, "chat_id"),
                // Paths in files that leave the workspace, or are not paths.
                Arguments.of("/v1/execute", filesBody("/workspace/../etc/passwd"), 400, "files"),
                Arguments.of("/v1/execute", filesBody("/etc/passwd"), 400, "files"),
                Arguments.of("/v1/execute", filesBody("workspace/x"), 400, "files"),
                Arguments.of("/v1/execute", filesBody("/workspace//x"), 400, "files"),
                Arguments.of("/v1/execute", filesBody("/workspace/a\\u0000b"), 400, "files"),
                Arguments.of("/v1/execute", filesBody("/workspace/"), 400, "files"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"files\": "
                        + "{\"/workspace/x\": \"../../etc\"}}", 400, "hash"),
                // Too many entries.
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"env\": " + manyEnv + "}",
                        400, "env"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"files\": " + manyFiles
                        + "}", 400, "files"),
                Arguments.of("/v1/execute", "{\"chat_id\": \"c\", \"source_code\": \"1\", \"env\": {\"A=B\": \"x\"}}",
                        400, "env"),
                // The other JSON endpoints.
                Arguments.of("/v1/execute/stream", filesBody("/workspace/../etc/passwd"), 400, "files"),
                Arguments.of("/v1/execute/stream", "{\"chat_id\": \"a b\", \"source_code\": \"1\"}", 400,
                        "chat_id"),
                Arguments.of("/v1/jobs", "{\"chat_id\": \"c\", \"source_code\": 1}", 400, "source_code"),
                Arguments.of("/v1/download", "{\"chat_id\": \"c\", \"file_hash\": \"../../x\", \"filename\": \"x\"}",
                        400, "file_hash"),
                Arguments.of("/v1/download", "{\"chat_id\": \"c\", \"file_hash\": \"" + HASH + "\", \"filename\": "
                        + "\"../x\"}", 400, "filename"),
                Arguments.of("/v1/expire", "{\"chat_id\": \"c\"}", 400, "file_hash"),
                Arguments.of("/v1/parse-custom-tool", "{\"tool_source_code\": [\"def f(): pass\"]}", 400,
                        "tool_source_code"),
                Arguments.of("/v1/execute-custom-tool", "{\"tool_source_code\": \"def f(): pass\"}", 400,
                        "tool_input_json"),
                Arguments.of("/v1/execute-custom-tool", "{\"tool_source_code\": \"def f(): pass\", "
                        + "\"tool_input_json\": {}}", 400, "tool_input_json"));
    }

    private static String filesBody(String path) {
        return "{\"chat_id\": \"c\", \"source_code\": \"1\", \"files\": {\"" + path + "\": \"" + HASH + "\"}}";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostileBodies")
    void shouldAnswerAProblemNamingTheFaultWhenARequestIsMalformed(String path, String body, int status,
            String detailMentions) {
        Map<String, Object> problem = client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat((String) problem.get("detail")).containsIgnoringCase(detailMentions)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(problem).doesNotContainKeys("trace", "stackTrace", "exception");
        TestHttp.post(client, "/v1/execute", Map.of("chat_id", "hostile-next", "source_code", "print(2)"), 200);
    }
}
