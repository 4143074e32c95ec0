package dev.codeinterp.api.tools;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.execution.ExecuteRequestParser;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.RequestFields;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Validates the bodies of the custom-tool endpoints. {@code chat_id} is optional on both, whatever
 * {@code APP_REQUIRE_CHAT_ID} says: the custom-tool contract makes it so, since agent frameworks call tools without one
 * and a tool run keeps no files; a given one must still be valid.
 */
public final class ToolRequestParser {

    private final ToolSettings settings;

    public ToolRequestParser(ToolSettings settings) {
        this.settings = settings;
    }

    /** The {@code /v1/parse-custom-tool} body's tool source. */
    public String toolSource(JsonNode body) {
        return toolSource(RequestFields.of(body));
    }

    /** The {@code /v1/execute-custom-tool} body, validated. */
    public ExecuteToolRequest executeRequest(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        Optional<String> chatId = fields.string("chat_id", "chatId").filter(id -> !id.isEmpty());
        chatId.ifPresent(id -> ChatIds.resolve(Optional.of(id), false));
        String source = toolSource(fields);
        String input = fields.string("tool_input_json", "toolInputJson")
                .orElseThrow(() -> ApiException.badRequest("Field 'tool_input_json' is required"));
        Map<String, String> env = fields.stringMap("env", null, settings.maxEnvEntries());
        ExecuteRequestParser.checkEnv(env);
        return new ExecuteToolRequest(chatId.orElse(null), source, input, env);
    }

    private String toolSource(RequestFields fields) {
        String source = fields.string("tool_source_code", "toolSourceCode")
                .orElseThrow(() -> ApiException.badRequest("Field 'tool_source_code' is required"));
        if (source.getBytes(StandardCharsets.UTF_8).length > settings.maxSourceBytes()) {
            throw ApiException.tooLarge("Field 'tool_source_code' is larger than "
                    + settings.maxSourceBytes() + " bytes");
        }
        return source;
    }
}
