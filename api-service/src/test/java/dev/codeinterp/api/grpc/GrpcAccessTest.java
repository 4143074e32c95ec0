package dev.codeinterp.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.ApiWithoutInfrastructure.Worker;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ExecuteResponse;
import dev.codeinterp.api.grpc.v1.ParseCustomToolRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The HTTP API's access control on the gRPC service: API keys, then the spawn restriction. The test's calls come from
 * 127.0.0.1, here a trusted proxy but not internal: a call is internal only through {@code x-forwarded-for}.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.grpc-enabled=true", "app.grpc-listen-addr=127.0.0.1:0",
                "app.api-keys=[\"first-key\", \"second-key\"]", "app.internal-ip-allowlist=10.0.0.0/8",
                "app.trusted-proxies=127.0.0.1,::1", "app.custom-tools-enabled=false"})
class GrpcAccessTest {

    private static final Metadata.Key<String> CHALLENGE =
            Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER);

    @Autowired
    GrpcServer server;
    @Autowired
    Worker worker;

    private final GrpcClients clients = new GrpcClients();

    @AfterEach
    void disconnect() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldAnswerUnauthenticatedWithTheChallengeWhenTheKeyIsMissing() {
        StatusRuntimeException refused = execute("grpc-nokey", Map.of("x-forwarded-for", "10.1.2.3"));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription())
                .isEqualTo("Missing API key: send the header Authorization: Bearer <key>");
        assertThat(refused.getTrailers().get(CHALLENGE)).isEqualTo("Bearer realm=\"code-interpreter\"");
        assertThat(worker.dispatched("grpc-nokey")).isZero();
    }

    @Test
    void shouldAnswerUnauthenticatedWhenTheKeyIsWrong() {
        StatusRuntimeException refused = execute("grpc-wrongkey",
                Map.of("authorization", "Bearer first-key-but-longer", "x-forwarded-for", "10.1.2.3"));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).isEqualTo("Invalid API key");
        assertThat(worker.dispatched("grpc-wrongkey")).isZero();
    }

    @Test
    void shouldAnswerPermissionDeniedWhenTheClientIsNotInternal() {
        StatusRuntimeException refused = execute("grpc-outside", Map.of("authorization", "Bearer second-key",
                "x-forwarded-for", "203.0.113.9"));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription())
                .isEqualTo("Spawn requests must originate from an internal URL / IP");
        assertThat(worker.dispatched("grpc-outside")).isZero();
    }

    @Test
    void shouldRunTheJobWhenTheKeyIsValidAndTheClientIsInternal() {
        ExecuteResponse response = GrpcClients.stub(clients.plaintext(server.port()),
                Map.of("authorization", "Bearer second-key", "x-forwarded-for", "10.1.2.3"))
                .execute(ExecuteRequest.newBuilder().setExecutorId("grpc-inside").setSourceCode("print(1)").build());

        assertThat(response.getStdout()).isEqualTo("3\n");
        assertThat(worker.dispatched("grpc-inside")).isEqualTo(1);
    }

    @Test
    void shouldAnswerPermissionDeniedWhenCustomToolsAreDisabled() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> GrpcClients.stub(clients.plaintext(server.port()),
                                Map.of("authorization", "Bearer first-key", "x-forwarded-for", "10.1.2.3"))
                        .parseCustomTool(ParseCustomToolRequest.newBuilder().setToolSourceCode("def f(): pass")
                                .build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription())
                .isEqualTo("Custom tools are disabled on this service (APP_CUSTOM_TOOLS_ENABLED=false)");
    }

    private StatusRuntimeException execute(String chatId, Map<String, String> headers) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> GrpcClients.stub(clients.plaintext(server.port()), headers).execute(ExecuteRequest.newBuilder()
                        .setExecutorId(chatId).setSourceCode("print(1)").build()));
        assertThat(refused).as("the call should fail").isNotNull();
        return refused;
    }
}
