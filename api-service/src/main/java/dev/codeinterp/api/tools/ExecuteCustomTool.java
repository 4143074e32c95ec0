package dev.codeinterp.api.tools;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.api.execution.ExecuteRequest;
import dev.codeinterp.api.execution.ExecuteResponse;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/execute-custom-tool} (README, "Custom tools"): checks the source is a valid tool, then
 * runs the {@link ToolProgram} through the normal job path (queue, worker, sandbox, the request's {@code env}, the
 * default limits) with no workspace output kept, and reads the tool's JSON result from its stdout.
 */
public final class ExecuteCustomTool {

    private final ParseCustomTool parser;
    private final ExecuteCode executeCode;
    private final ToolSettings settings;

    public ExecuteCustomTool(ParseCustomTool parser, ExecuteCode executeCode, ToolSettings settings) {
        this.parser = parser;
        this.executeCode = executeCode;
        this.settings = settings;
    }

    /** The tool's result as JSON text; fails with {@link ToolRunFailedException} when the tool does not succeed. */
    public Mono<String> execute(ExecuteToolRequest request) {
        // Parsing a large source takes a while: off the event loop, like /v1/parse-custom-tool.
        return Mono.fromCallable(() -> job(request))
                .subscribeOn(Schedulers.parallel())
                .flatMap(executeCode::execute)
                .map(ExecuteCustomTool::output);
    }

    private ExecuteRequest job(ExecuteToolRequest request) {
        try {
            parser.parse(request.toolSourceCode());
        } catch (InvalidToolException e) {
            throw new ToolRunFailedException(String.join("\n", e.messages()));
        }
        String chatId = request.chatId() != null ? request.chatId() : ChatIds.DEFAULT;
        return new ExecuteRequest(chatId, ToolProgram.forTool(request.toolSourceCode(), request.toolInputJson()),
                Map.of(), request.env(), false, 0, null, settings.executionTimeout());
    }

    private static String output(ExecuteResponse response) {
        if (response.exitCode() != 0) {
            throw new ToolRunFailedException(response.stderr());
        }
        String stdout = response.stdout();
        // The program prints exactly one line of JSON; anything else means the output limit cut the result short.
        if (!stdout.endsWith("\n") || stdout.indexOf('\n') != stdout.length() - 1) {
            throw new ToolRunFailedException("The tool's result is larger than APP_MAX_OUTPUT_SIZE allows");
        }
        return stdout.substring(0, stdout.length() - 1);
    }
}
