package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The custom-tool contract (README, "Custom tools"), end to end: parse is static; execute runs the function through the
 * normal job path in a sandbox and answers its result the way Python's {@code json.dumps} prints it.
 */
class CustomToolsIT {

    private static final String ADD_TOOL = "def adding_tool(a: int, b: int) -> int:\n  return a + b";
    private static final String LABEL_TOOL = """
            def label_tool(count: int, label: str) -> str:
                return label * count
            """;

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldAddTwoNumbers() {
        assertThat(output("chat-tool-add", ADD_TOOL, "{\"a\": 1, \"b\": 2}")).isEqualTo("3");
    }

    @Test
    void shouldCoerceAnIsoStringIntoADatetime() {
        String source = """
                import datetime

                def date_tool(a: datetime.datetime) -> str:
                    return f"The year is {a.year}"
                """;

        assertThat(output("chat-tool-date", source, "{\"a\": \"2000-01-01T00:00:00\"}"))
                .isEqualTo("\"The year is 2000\"");
    }

    @Test
    void shouldUseTheDefaultOfAParameterLeftOut() {
        String source = """
                def greet(name: str, greeting: str = "Hello") -> str:
                    return f"{greeting}, {name}!"
                """;

        assertThat(output("chat-tool-default", source, "{\"name\": \"Ann\"}")).isEqualTo("\"Hello, Ann!\"");
    }

    @Test
    void shouldAnswer400WithTheTracebackWhenTheToolRaises() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-tool-div",
                "tool_source_code", "def division_tool(a: int, b: int) -> int:\n  return a / b",
                "tool_input_json", "{\"a\": 0, \"b\": 0}"), 400);

        assertThat((String) response.get("stderr")).contains("division by zero");
    }

    @Test
    void shouldPassEnvToTheTool() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-tool-env",
                "tool_source_code", "import os\ndef greet() -> str:\n  return 'Hello ' + os.environ['MY_NAME']",
                "tool_input_json", "{}", "env", Map.of("MY_NAME", "John Doe")), 200);

        assertThat(response).containsEntry("tool_output_json", "\"Hello John Doe\"");
    }

    @Test
    void shouldAcceptValidInputForTheToolUsedInTheInvalidInputTests() {
        assertThat(output("chat-tool-valid", LABEL_TOOL, "{\"count\": 2, \"label\": \"ab\"}")).isEqualTo("\"abab\"");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAnInputHasTheWrongType() {
        assertThat(stderrOf("chat-tool-type", LABEL_TOOL, "{\"count\": \"many\", \"label\": \"x\"}")).contains("count");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAnInputIsMissing() {
        assertThat(stderrOf("chat-tool-missing", LABEL_TOOL, "{\"count\": 2}")).contains("label");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAnInputIsUnexpected() {
        assertThat(stderrOf("chat-tool-extra", LABEL_TOOL, "{\"count\": 2, \"label\": \"x\", \"surplus\": 1}"))
                .contains("surplus");
    }

    @Test
    void shouldAnswer400WhenTheInputIsNotJson() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-tool-notjson", "tool_source_code", ADD_TOOL,
                "tool_input_json", "{\"a\": 1, \"b\": "), 400);

        // the contract gives {"stderr": ...} for invalid input; a problem detail would also be a readable refusal
        String explanation = response.containsKey("stderr") ? (String) response.get("stderr")
                : (String) response.get("detail");
        assertThat(explanation).as("stderr or detail of %s", response).isNotBlank();
    }

    @Test
    void shouldDiscardWhatTheToolPrints() {
        String source = """
                def noisy(n: int) -> int:
                    print("noise that must not reach the output")
                    return n * 2
                """;

        assertThat(output("chat-tool-print", source, "{\"n\": 21}")).isEqualTo("42");
    }

    @Test
    void shouldEscapeNonAsciiInTheOutputLikeJsonDumps() {
        String source = """
                def cafe() -> str:
                    return "café"
                """;

        assertThat(output("chat-tool-unicode", source, "{}")).isEqualTo("\"caf\\u00e9\"");
    }

    @Test
    void shouldSerialiseADictResultLikeJsonDumps() {
        String source = """
                def stats(values: list[int]) -> dict:
                    return {"sum": sum(values), "items": values, "ok": True, "none": None}
                """;

        assertThat(output("chat-tool-dict", source, "{\"values\": [1, 2, 3]}"))
                .isEqualTo("{\"sum\": 6, \"items\": [1, 2, 3], \"ok\": true, \"none\": null}");
    }

    @Test
    void shouldSerialiseAListResultLikeJsonDumps() {
        String source = """
                def items(n: int) -> list:
                    return [n, "a", None, 1.5, [True]]
                """;

        assertThat(output("chat-tool-list", source, "{\"n\": 7}")).isEqualTo("[7, \"a\", null, 1.5, [true]]");
    }

    @Test
    void shouldAnswer400WhenTheResultCannotBeSerialised() {
        String source = """
                def unserialisable() -> set:
                    return {1, 2}
                """;

        assertThat(stderrOf("chat-tool-set", source, "{}")).contains("not JSON serializable");
    }

    @Test
    void shouldAcceptTheRequestBodyWrapperAndCamelCaseAliases() {
        Map<String, Object> response = execute(Map.of("requestBody", Map.of("chatId", "chat-tool-alias",
                "toolSourceCode", ADD_TOOL, "toolInputJson", "{\"a\": 2, \"b\": 5}")), 200);

        assertThat(response).containsEntry("tool_output_json", "7");
    }

    @Test
    void shouldParseTheToolItRuns() {
        Map<String, Object> response = TestHttp.post(client, "/v1/parse-custom-tool",
                Map.of("tool_source_code", ADD_TOOL), 200);

        assertThat(response).containsEntry("tool_name", "adding_tool").containsEntry("tool_description", "Returns: int");
        assertThat((String) response.get("tool_input_schema_json")).contains("\"required\": [\"a\", \"b\"]");
    }

    private String output(String chatId, String source, String inputJson) {
        Map<String, Object> response = execute(Map.of("chat_id", chatId, "tool_source_code", source,
                "tool_input_json", inputJson), 200);
        assertThat(response).containsKey("tool_output_json");
        return (String) response.get("tool_output_json");
    }

    private String stderrOf(String chatId, String source, String inputJson) {
        Map<String, Object> response = execute(Map.of("chat_id", chatId, "tool_source_code", source,
                "tool_input_json", inputJson), 400);
        assertThat(response).containsKey("stderr");
        return (String) response.get("stderr");
    }

    private Map<String, Object> execute(Map<String, Object> body, int status) {
        return TestHttp.post(client, "/v1/execute-custom-tool", body, status);
    }
}
