package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/parse-custom-tool} over a real server, checked against {@code custom-tools/parse-cases.json}: cases
 * written by hand from the custom-tool contract (README, "Custom tools"), each a tool source and the exact answer it
 * must get. The schema is compared as a JSON tree (key order irrelevant); error messages as an ordered list.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0"})
class ParseCustomToolHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CASES = "/custom-tools/parse-cases.json";
    private static final String ADD_TOOL = "def add(a: int, b: int = 1) -> int:\n    return a + b\n";

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ParseCustomToolHttpTest.class.getResourceAsStream(CASES)) {
            assertThat(in).as(CASES + " on the test classpath").isNotNull();
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode testCase : JSON.readTree(in)) {
                cases.add(Arguments.of(testCase.get("name").stringValue(), testCase));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAnswerEachCaseAsTheContractSays(String name, JsonNode testCase) {
        String source = testCase.get("source").stringValue();
        JsonNode expect = testCase.get("expect");

        EntityExchangeResult<String> result = post(Map.of("tool_source_code", source));
        String raw = result.getResponseBody();

        assertThat(result.getStatus().value()).as("%s: status (body %s)", name, raw)
                .isEqualTo(expect.get("status").intValue());
        JsonNode body = JSON.readTree(raw);
        if (expect.get("status").intValue() == 200) {
            assertThat(body.get("tool_name")).as("%s: tool_name", name).isEqualTo(expect.get("tool_name"));
            assertThat(body.get("tool_description")).as("%s: tool_description", name)
                    .isEqualTo(expect.get("tool_description"));
            JsonNode schemaJson = body.get("tool_input_schema_json");
            assertThat(schemaJson).as("%s: tool_input_schema_json", name).isNotNull();
            assertThat(schemaJson.isString()).as("%s: tool_input_schema_json is a string", name).isTrue();
            assertThat(JSON.readTree(schemaJson.stringValue())).as("%s: schema", name)
                    .isEqualTo(expect.get("schema"));
        } else {
            assertThat(body.get("error_messages")).as("%s: error_messages", name)
                    .isEqualTo(expect.get("error_messages"));
        }
    }

    @Test
    void shouldNeedNoChatIdAndAcceptOneWhenGiven() {
        // require-chat-id is on (the default), yet parsing involves no chat and no sandbox
        JsonNode withoutChat = okBody(Map.of("tool_source_code", ADD_TOOL));
        JsonNode withChat = okBody(Map.of("tool_source_code", ADD_TOOL, "chat_id", "chat-parse"));

        assertThat(withoutChat.get("tool_name").stringValue()).isEqualTo("add");
        assertThat(withChat.get("tool_name").stringValue()).isEqualTo("add");
        assertThat(withChat.get("tool_input_schema_json")).isEqualTo(withoutChat.get("tool_input_schema_json"));
    }

    @Test
    void shouldAnswerJson() {
        client().post().uri("/v1/parse-custom-tool").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(Map.of("tool_source_code", ADD_TOOL))).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void shouldAcceptTheCamelCaseAliasAndTheRequestBodyWrapper() {
        assertThat(okBody(Map.of("toolSourceCode", ADD_TOOL)).get("tool_name").stringValue()).isEqualTo("add");
        assertThat(okBody(Map.of("requestBody", Map.of("tool_source_code", ADD_TOOL))).get("tool_name").stringValue())
                .isEqualTo("add");
        assertThat(okBody(Map.of("requestBody", Map.of("toolSourceCode", ADD_TOOL))).get("tool_name").stringValue())
                .isEqualTo("add");
    }

    @Test
    void shouldIgnoreUnknownFields() {
        assertThat(okBody(Map.of("tool_source_code", ADD_TOOL, "surplus", List.of(1, 2), "tool_input_json", "{}"))
                .get("tool_name").stringValue()).isEqualTo("add");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenToolSourceCodeIsMissing() {
        assertThat(problemDetail(Map.of(), 400)).contains("tool_source_code");
        assertThat(problemDetail(Map.of("source_code", ADD_TOOL), 400)).contains("tool_source_code");
        Map<String, Object> explicitNull = new LinkedHashMap<>();
        explicitNull.put("tool_source_code", null);
        assertThat(problemDetail(explicitNull, 400)).contains("tool_source_code");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenToolSourceCodeIsNotAString() {
        assertThat(problemDetail(Map.of("tool_source_code", 5), 400)).contains("tool_source_code");
        assertThat(problemDetail(Map.of("tool_source_code", true), 400)).contains("tool_source_code");
        assertThat(problemDetail(Map.of("tool_source_code", List.of(ADD_TOOL)), 400)).contains("tool_source_code");
        assertThat(problemDetail(Map.of("tool_source_code", Map.of("code", ADD_TOOL)), 400))
                .contains("tool_source_code");
    }

    @Test
    void shouldAnswer400ProblemWhenJsonIsMalformed() {
        for (String body : new String[] {"{\"tool_source_code\": ", "not json", "{\"tool_source_code\": \"x\",}"}) {
            client().post().uri("/v1/parse-custom-tool").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .as(body).startsWith("Malformed JSON"));
        }
    }

    @Test
    void shouldFormatTheSchemaLikePythonJsonDumps() {
        String raw = schemaJson(ADD_TOOL);

        // json.dumps(schema) of the reference implementation, byte for byte
        assertThat(raw).isEqualTo("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\", "
                + "\"title\": \"add\", \"properties\": {\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"integer\"}}, "
                + "\"required\": [\"a\"], \"additionalProperties\": false}");
    }

    @Test
    void shouldEscapeNonAsciiInTheSchemaLikePythonJsonDumps() {
        String raw = schemaJson("""
                def order(drink: str) -> str:
                    \"""Orders a drink.

                    :param drink: café or thé 🐍
                    \"""
                    return drink
                """);

        assertThat(raw).contains("\"description\": \"caf\\u00e9 or th\\u00e9 \\ud83d\\udc0d\"")
                .doesNotContain("é").doesNotContain("🐍")
                .contains("\"type\": \"object\"").contains("\"required\": [\"drink\"]")
                .doesNotContain("\":\"").doesNotContain("\",\"").doesNotContain("\":{").doesNotContain("},{");
        assertThat(JSON.readTree(raw).at("/properties/drink/description").stringValue()).isEqualTo("café or thé 🐍");
    }

    @Test
    void shouldKeepNonAsciiAsIsInTheDescriptionField() {
        JsonNode body = okBody(Map.of("tool_source_code", "def f(a: int):\n    \"\"\"Grüße, 日本.\"\"\"\n    return a\n"));

        assertThat(body.get("tool_description").stringValue()).isEqualTo("Grüße, 日本.");
    }

    private EntityExchangeResult<String> post(Object body) {
        return client().post().uri("/v1/parse-custom-tool").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(body)).exchange()
                .expectBody(String.class).returnResult();
    }

    private JsonNode okBody(Object body) {
        EntityExchangeResult<String> result = post(body);
        assertThat(result.getStatus().value()).as("status (body %s)", result.getResponseBody()).isEqualTo(200);
        return JSON.readTree(result.getResponseBody());
    }

    private String schemaJson(String source) {
        return okBody(Map.of("tool_source_code", source)).get("tool_input_schema_json").stringValue();
    }

    private String problemDetail(Object body, int status) {
        EntityExchangeResult<String> result = post(body);
        assertThat(result.getStatus().value()).as("status (body %s)", result.getResponseBody()).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode detail = JSON.readTree(result.getResponseBody()).get("detail");
        assertThat(detail).as("detail of %s", result.getResponseBody()).isNotNull();
        return detail.stringValue();
    }
}
