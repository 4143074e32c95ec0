package dev.codeinterp.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.ApiWithoutInfrastructure.Worker;
import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolResponse;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ExecuteResponse;
import dev.codeinterp.api.grpc.v1.ParseCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ParseCustomToolResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The gRPC service with a real grpc-java client against the real server of the api's context (plaintext), with access
 * control, admission and the job path of the HTTP API and an in-memory worker that answers {@code 3\n}
 * ({@link ApiWithoutInfrastructure}).
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.grpc-enabled=true", "app.grpc-listen-addr=127.0.0.1:0", "app.chat-max-concurrent=1"})
class GrpcApiTest {

    private static final String ADD_TOOL = "def add(a: int, b: int) -> int:\n    return a + b\n";

    @Autowired
    GrpcServer server;
    @Autowired
    Worker worker;
    @Autowired
    InMemoryAdmissionControl admission;
    @LocalServerPort
    int httpPort;

    private final GrpcClients clients = new GrpcClients();
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = clients.plaintext(server.port());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        clients.close();
        await().until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldRunTheJobOfTheExecutorsChatWhenExecuteIsCalled() {
        ExecuteResponse response = GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setExecutorId("grpc-run").setSourceCode("print(21 * 2)").build());

        assertThat(response.getStdout()).isEqualTo("3\n");
        assertThat(response.getStderr()).isEmpty();
        assertThat(response.getExitCode()).isZero();
        assertThat(response.getFilesMap()).isEmpty();
        assertThat(worker.dispatched("grpc-run")).isEqualTo(1);
    }

    @Test
    void shouldTakeInputFilesTheChatHoldsWhenTheFilesMapNamesThem() {
        String hash = upload("grpc-files", "in.txt", "hello");

        GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder().setExecutorId("grpc-files")
                .setSourceCode("print(open('in/in.txt').read())").putFiles("/workspace/in/in.txt", hash).build());

        assertThat(worker.dispatched("grpc-files")).isEqualTo(1);
    }

    @Test
    void shouldAnswerNotFoundNamingThePathWhenAnInputFileIsAnotherChats() {
        String hash = upload("grpc-owner", "secret.txt", "secret");

        StatusRuntimeException refused = refusal(() -> GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setExecutorId("grpc-thief").setSourceCode("print(1)").putFiles("/workspace/secret.txt", hash)
                .build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(refused.getStatus().getDescription()).isEqualTo("File not found: /workspace/secret.txt");
        assertThat(worker.dispatched("grpc-thief")).isZero();
    }

    @Test
    void shouldAnswerInvalidArgumentWithTheHttpDetailWhenTheRequestIsBad() {
        var stub = GrpcClients.stub(channel);
        StatusRuntimeException badChat = refusal(() -> stub.execute(ExecuteRequest.newBuilder()
                .setExecutorId("not a chat!").setSourceCode("print(1)").build()));
        StatusRuntimeException badPath = refusal(() -> GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setExecutorId("grpc-bad").setSourceCode("print(1)").putFiles("relative.txt", "0".repeat(64))
                .build()));
        StatusRuntimeException badHash = refusal(() -> GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setExecutorId("grpc-bad").setSourceCode("print(1)").putFiles("/workspace/a.txt", "not-a-hash")
                .build()));

        assertThat(badChat.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badChat.getStatus().getDescription()).isEqualTo("Field 'chat_id' must match ^[0-9A-Za-z_-]{1,255}$");
        assertThat(badPath.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badPath.getStatus().getDescription()).startsWith("Invalid path in 'files': 'relative.txt'");
        assertThat(badHash.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badHash.getStatus().getDescription()).contains("expected 64 lowercase hex characters");
        assertThat(worker.dispatched("grpc-bad")).isZero();
    }

    @Test
    void shouldRefuseAsHttpDoesWhenTheExecutorIdIsMissing() {
        StatusRuntimeException refused = refusal(() -> GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setSourceCode("print(1)").build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription()).isEqualTo("Chat ID required but missing");
    }

    @Test
    void shouldAnswerResourceExhaustedWithRetryAfterWhenTheChatIsAtItsConcurrencyLimit() throws Exception {
        ListenableFuture<ExecuteResponse> first = CodeInterpreterServiceGrpc.newFutureStub(channel)
                .execute(ExecuteRequest.newBuilder().setExecutorId("held-grpc").setSourceCode("print(1)").build());
        await().until(() -> worker.holds("held-grpc"));

        StatusRuntimeException refused = refusal(() -> GrpcClients.stub(channel).execute(ExecuteRequest.newBuilder()
                .setExecutorId("held-grpc").setSourceCode("print(2)").build()));
        worker.complete("held-grpc");

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).startsWith("Chat held-grpc already has 1 executions in flight");
        assertThat(refused.getTrailers().get(GrpcStatuses.RETRY_AFTER)).isEqualTo("5");
        assertThat(first.get(30, TimeUnit.SECONDS).getStdout()).isEqualTo("3\n");
    }

    @Test
    void shouldGiveTheSlotBackWhenTheClientCancelsTheCall() {
        ListenableFuture<ExecuteResponse> call = CodeInterpreterServiceGrpc.newFutureStub(channel)
                .execute(ExecuteRequest.newBuilder().setExecutorId("held-cancel").setSourceCode("print(1)").build());
        await().until(() -> worker.holds("held-cancel"));
        assertThat(admission.inFlight()).isEqualTo(1);

        call.cancel(true);

        await().atMost(Duration.ofSeconds(30)).until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldAnswerTheToolInTheSuccessMemberWhenTheSourceIsATool() {
        ParseCustomToolResponse response = GrpcClients.stub(channel).parseCustomTool(ParseCustomToolRequest.newBuilder()
                .setToolSourceCode(ADD_TOOL).build());

        assertThat(response.getResponseCase()).isEqualTo(ParseCustomToolResponse.ResponseCase.SUCCESS);
        assertThat(response.getSuccess().getToolName()).isEqualTo("add");
        assertThat(response.getSuccess().getToolDescription()).isEqualTo("Returns: int");
        assertThat(response.getSuccess().getToolInputSchemaJson()).isEqualTo("{\"$schema\": "
                + "\"http://json-schema.org/draft-07/schema#\", \"type\": \"object\", \"title\": \"add\", "
                + "\"properties\": {\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"integer\"}}, "
                + "\"required\": [\"a\", \"b\"], \"additionalProperties\": false}");
    }

    @Test
    void shouldAnswerTheErrorMessagesInTheErrorMemberWhenTheSourceIsNoTool() {
        ParseCustomToolResponse response = GrpcClients.stub(channel).parseCustomTool(ParseCustomToolRequest.newBuilder()
                .setToolSourceCode("def add(a, *args):\n    return a\n").build());

        assertThat(response.getResponseCase()).isEqualTo(ParseCustomToolResponse.ResponseCase.ERROR);
        assertThat(response.getError().getErrorMessagesList()).containsExactly(
                "The tool function must not have *args", "The tool function arguments must have type annotations");
    }

    @Test
    void shouldAnswerTheToolsOutputInTheSuccessMemberWhenTheToolRuns() {
        ExecuteCustomToolResponse response = GrpcClients.stub(channel).executeCustomTool(
                ExecuteCustomToolRequest.newBuilder().setExecutorId("grpc-tool").setToolSourceCode(ADD_TOOL)
                        .setToolInputJson("{\"a\": 1, \"b\": 2}").build());

        assertThat(response.getResponseCase()).isEqualTo(ExecuteCustomToolResponse.ResponseCase.SUCCESS);
        assertThat(response.getSuccess().getToolOutputJson()).isEqualTo("3");
        assertThat(worker.dispatched("grpc-tool")).isEqualTo(1);
    }

    @Test
    void shouldAnswerStderrInTheErrorMemberWhenTheToolCannotRun() {
        ExecuteCustomToolResponse response = GrpcClients.stub(channel).executeCustomTool(
                ExecuteCustomToolRequest.newBuilder().setToolSourceCode("def add(a):\n    return a\n")
                        .setToolInputJson("{\"a\": 1}").build());

        assertThat(response.getResponseCase()).isEqualTo(ExecuteCustomToolResponse.ResponseCase.ERROR);
        assertThat(response.getError().getStderr())
                .isEqualTo("The tool function arguments must have type annotations");
    }

    @Test
    void shouldAnswerInvalidArgumentWhenAToolsExecutorIdIsInvalid() {
        StatusRuntimeException refused = refusal(() -> GrpcClients.stub(channel).executeCustomTool(
                ExecuteCustomToolRequest.newBuilder().setExecutorId("bad id").setToolSourceCode(ADD_TOOL)
                        .setToolInputJson("{}").build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    private static StatusRuntimeException refusal(Runnable call) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refused).as("the call should fail").isNotNull();
        return refused;
    }

    private String upload(String chatId, String filename, String content) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", chatId);
        form.part("upload", content.getBytes(StandardCharsets.UTF_8)).filename(filename);
        Map<String, Object> uploaded = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + httpPort).build()
                .post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        return (String) uploaded.get("file_hash");
    }
}
