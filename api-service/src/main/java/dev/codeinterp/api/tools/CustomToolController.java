package dev.codeinterp.api.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.JsonBodies;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /v1/parse-custom-tool} and {@code /v1/execute-custom-tool}. Their failures are 400 problem details that also
 * carry the member the custom-tool contract names ({@code error_messages}, {@code stderr}), which agent frameworks
 * read.
 */
@RestController
class CustomToolController {

    private final ToolSettings settings;
    private final JsonBodies bodies;
    private final ToolRequestParser parser;
    private final ParseCustomTool parseCustomTool;
    private final ExecuteCustomTool executeCustomTool;

    CustomToolController(ToolSettings settings, JsonBodies bodies, ParseCustomTool parseCustomTool,
            ExecuteCustomTool executeCustomTool) {
        this.settings = settings;
        this.bodies = bodies;
        this.parser = new ToolRequestParser(settings);
        this.parseCustomTool = parseCustomTool;
        this.executeCustomTool = executeCustomTool;
    }

    @PostMapping(path = "/v1/parse-custom-tool", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ParseToolResponse> parse(ServerHttpRequest request) {
        return enabled().then(bodies.read(request))
                .map(parser::toolSource)
                .publishOn(Schedulers.parallel())
                .map(this::describe);
    }

    @PostMapping(path = "/v1/execute-custom-tool", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ExecuteToolResponse> execute(ServerHttpRequest request) {
        return enabled().then(bodies.read(request))
                .map(parser::executeRequest)
                .flatMap(toolRequest -> executeCustomTool.execute(toolRequest)
                        .map(output -> new ExecuteToolResponse(output, toolRequest.chatId())))
                .onErrorMap(ToolRunFailedException.class, CustomToolController::failed);
    }

    private Mono<Void> enabled() {
        return Mono.fromRunnable(settings::checkEnabled);
    }

    private ParseToolResponse describe(String source) {
        try {
            CustomTool tool = parseCustomTool.parse(source);
            return new ParseToolResponse(tool.name(), tool.description(), tool.inputSchemaJson());
        } catch (InvalidToolException e) {
            throw ApiException.badRequest("Invalid custom tool: " + String.join("; ", e.messages()))
                    .with("error_messages", e.messages());
        }
    }

    private static ApiException failed(ToolRunFailedException e) {
        return ApiException.badRequest("The tool failed: " + lastLine(e.stderr())).with("stderr", e.stderr());
    }

    /** The line of a traceback that says what went wrong. */
    private static String lastLine(String stderr) {
        List<String> lines = Arrays.stream(stderr.split("\n")).filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1).strip();
    }

    record ParseToolResponse(String toolName, String toolDescription, String toolInputSchemaJson) {
    }

    /** {@code chat_id} is echoed when the request had one and left out otherwise. */
    record ExecuteToolResponse(String toolOutputJson,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            String chatId) {
    }
}
