package dev.codeinterp.api.grpc;

import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.api.execution.ExecuteRequestParser;
import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolResponse;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolResponseError;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolResponseSuccess;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ExecuteResponse;
import dev.codeinterp.api.grpc.v1.ParseCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ParseCustomToolResponse;
import dev.codeinterp.api.grpc.v1.ParseCustomToolResponseError;
import dev.codeinterp.api.grpc.v1.ParseCustomToolResponseSuccess;
import dev.codeinterp.api.tools.CustomTool;
import dev.codeinterp.api.tools.ExecuteCustomTool;
import dev.codeinterp.api.tools.InvalidToolException;
import dev.codeinterp.api.tools.ParseCustomTool;
import dev.codeinterp.api.tools.ToolRequestParser;
import dev.codeinterp.api.tools.ToolRunFailedException;
import dev.codeinterp.api.tools.ToolSettings;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@code code_interpreter.v1.CodeInterpreterService}: a thin edge like the HTTP controllers. Each call is turned into
 * the body its HTTP endpoint takes ({@link GrpcBodies}), validated by the same parser and handed to the same use case
 * ({@link ExecuteCode}, {@link ParseCustomTool}, {@link ExecuteCustomTool}), so admission, the job path and every
 * rule are the HTTP API's; access control ran before ({@link GrpcAccessInterceptor}). A failure is a status
 * ({@link GrpcStatuses}), except that the custom-tool calls answer an invalid tool or a failed run in their
 * {@code error} member, as the reference API does. A call the client cancels cancels its job's wait, which gives its
 * admission slot back, as a closed HTTP connection does.
 */
final class CodeInterpreterGrpcService extends CodeInterpreterServiceGrpc.CodeInterpreterServiceImplBase {

    private final GrpcBodies bodies;
    private final ExecuteRequestParser executeParser;
    private final ExecuteCode executeCode;
    private final ToolSettings toolSettings;
    private final ToolRequestParser toolParser;
    private final ParseCustomTool parseCustomTool;
    private final ExecuteCustomTool executeCustomTool;

    CodeInterpreterGrpcService(GrpcBodies bodies, ExecuteRequestParser executeParser, ExecuteCode executeCode,
            ToolSettings toolSettings, ParseCustomTool parseCustomTool, ExecuteCustomTool executeCustomTool) {
        this.bodies = bodies;
        this.executeParser = executeParser;
        this.executeCode = executeCode;
        this.toolSettings = toolSettings;
        this.toolParser = new ToolRequestParser(toolSettings);
        this.parseCustomTool = parseCustomTool;
        this.executeCustomTool = executeCustomTool;
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> observer) {
        answer(Mono.fromCallable(() -> executeParser.parse(bodies.execute(request)))
                .flatMap(executeCode::execute)
                .map(response -> ExecuteResponse.newBuilder()
                        .setStdout(response.stdout())
                        .setStderr(response.stderr())
                        .setExitCode(response.exitCode())
                        .putAllFiles(response.files())
                        .build()), observer);
    }

    @Override
    public void parseCustomTool(ParseCustomToolRequest request, StreamObserver<ParseCustomToolResponse> observer) {
        answer(Mono.fromCallable(() -> {
            toolSettings.checkEnabled();
            String source = toolParser.toolSource(bodies.parseCustomTool(request));
            try {
                CustomTool tool = parseCustomTool.parse(source);
                return ParseCustomToolResponse.newBuilder().setSuccess(ParseCustomToolResponseSuccess.newBuilder()
                        .setToolName(tool.name())
                        .setToolDescription(tool.description())
                        .setToolInputSchemaJson(tool.inputSchemaJson())).build();
            } catch (InvalidToolException e) {
                return ParseCustomToolResponse.newBuilder().setError(ParseCustomToolResponseError.newBuilder()
                        .addAllErrorMessages(e.messages())).build();
            }
        }), observer);
    }

    @Override
    public void executeCustomTool(ExecuteCustomToolRequest request,
            StreamObserver<ExecuteCustomToolResponse> observer) {
        answer(Mono.fromCallable(() -> {
                    toolSettings.checkEnabled();
                    return toolParser.executeRequest(bodies.executeCustomTool(request));
                })
                .flatMap(executeCustomTool::execute)
                .map(output -> ExecuteCustomToolResponse.newBuilder().setSuccess(
                        ExecuteCustomToolResponseSuccess.newBuilder().setToolOutputJson(output)).build())
                .onErrorResume(ToolRunFailedException.class, failed -> Mono.just(ExecuteCustomToolResponse.newBuilder()
                        .setError(ExecuteCustomToolResponseError.newBuilder().setStderr(failed.stderr())).build())),
                observer);
    }

    /** Answers the one result or the failure's status; the client cancelling the call cancels {@code result}. */
    private static <T> void answer(Mono<T> result, StreamObserver<T> observer) {
        AtomicReference<Disposable> running = new AtomicReference<>();
        ((ServerCallStreamObserver<T>) observer).setOnCancelHandler(() -> {
            Disposable subscription = running.get();
            if (subscription != null) {
                subscription.dispose();
            }
        });
        running.set(result.subscribe(value -> {
            observer.onNext(value);
            observer.onCompleted();
        }, failure -> observer.onError(GrpcStatuses.of(failure))));
    }
}
