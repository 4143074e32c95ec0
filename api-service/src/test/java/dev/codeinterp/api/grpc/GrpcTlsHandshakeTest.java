package dev.codeinterp.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.ApiWithoutInfrastructure.Worker;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ExecuteResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS and mutual TLS on the real gRPC server of an api context, with certificates made by {@code openssl} for this
 * test: the settings hold PEM text (the mutual-TLS server reads its certificate and CA from file paths instead), and
 * half a configuration stops the start, naming the variables.
 */
class GrpcTlsHandshakeTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static ConfigurableApplicationContext tls;
    private static ConfigurableApplicationContext mutual;

    private final GrpcClients clients = new GrpcClients();

    @BeforeAll
    static void startServers() {
        certificates = TestCertificates.create(dir);
        tls = start(Map.of("app.grpc-tls-cert", certificates.pem(certificates.cert("server")),
                "app.grpc-tls-cert-key", certificates.pem(certificates.key("server"))));
        mutual = start(Map.of("app.grpc-tls-cert", certificates.cert("server").toString(),
                "app.grpc-tls-cert-key", certificates.pem(certificates.key("server")),
                "app.grpc-tls-ca-cert", certificates.ca().toString()));
    }

    @AfterAll
    static void stopServers() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {tls, mutual}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldServeExecuteOverTlsWhenTheClientTrustsTheCa() throws IOException {
        ExecuteResponse response = execute(tls, "tls-ok", TlsChannelCredentials.newBuilder()
                .trustManager(certificates.ca().toFile()).build());

        assertThat(response.getStdout()).isEqualTo("3\n");
        assertThat(tls.getBean(Worker.class).dispatched("tls-ok")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAPlaintextClientWhenTheServerSpeaksTls() {
        StatusRuntimeException refused = refusal(() -> GrpcClients.stub(clients.plaintext(port(tls)))
                .execute(request("tls-plain")));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(tls.getBean(Worker.class).dispatched("tls-plain")).isZero();
    }

    @Test
    void shouldServeAClientWithACertificateOfTheCaWhenTlsIsMutual() throws IOException {
        ExecuteResponse response = execute(mutual, "mtls-ok", TlsChannelCredentials.newBuilder()
                .trustManager(certificates.ca().toFile())
                .keyManager(certificates.cert("client").toFile(), certificates.key("client").toFile()).build());

        assertThat(response.getStdout()).isEqualTo("3\n");
        assertThat(mutual.getBean(Worker.class).dispatched("mtls-ok")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAClientWithoutACertificateWhenTlsIsMutual() throws IOException {
        ChannelCredentials anonymous = TlsChannelCredentials.newBuilder().trustManager(certificates.ca().toFile())
                .build();

        StatusRuntimeException refused = refusal(() -> execute(mutual, "mtls-anonymous", anonymous));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(mutual.getBean(Worker.class).dispatched("mtls-anonymous")).isZero();
    }

    @Test
    void shouldRefuseAClientWithACertificateOfAnotherCaWhenTlsIsMutual() throws IOException {
        ChannelCredentials stranger = TlsChannelCredentials.newBuilder().trustManager(certificates.ca().toFile())
                .keyManager(certificates.cert("stranger").toFile(), certificates.key("stranger").toFile()).build();

        StatusRuntimeException refused = refusal(() -> execute(mutual, "mtls-stranger", stranger));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(mutual.getBean(Worker.class).dispatched("mtls-stranger")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "cert;;;APP_GRPC_TLS_CERT is set but APP_GRPC_TLS_CERT_KEY is not",
            ";key;;APP_GRPC_TLS_CERT_KEY is set but APP_GRPC_TLS_CERT is not",
            ";;ca;APP_GRPC_TLS_CA_CERT is set but APP_GRPC_TLS_CERT and APP_GRPC_TLS_CERT_KEY are not",
            "cert;;ca;APP_GRPC_TLS_CERT is set but APP_GRPC_TLS_CERT_KEY is not"})
    void shouldRefuseToStartWhenHalfATlsConfigurationIsGiven(String cert, String key, String ca, String message) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (cert != null) {
            settings.put("app.grpc-tls-cert", certificates.pem(certificates.cert("server")));
        }
        if (key != null) {
            settings.put("app.grpc-tls-cert-key", certificates.pem(certificates.key("server")));
        }
        if (ca != null) {
            settings.put("app.grpc-tls-ca-cert", certificates.pem(certificates.ca()));
        }

        Throwable failure = catchThrowable(() -> start(settings).close());

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).hasMessageContaining(message).hasMessageNotContaining("PRIVATE KEY");
    }

    @Test
    void shouldRefuseToStartWhenTheCertificateIsNotPem() {
        Throwable failure = catchThrowable(() -> start(Map.of("app.grpc-tls-cert", "not a certificate",
                "app.grpc-tls-cert-key", certificates.pem(certificates.key("server")))).close());

        assertThat(rootCause(failure))
                .hasMessage("APP_GRPC_TLS_CERT must be PEM text (-----BEGIN …) or the path of a PEM file");
    }

    private ExecuteResponse execute(ConfigurableApplicationContext context, String chatId,
            ChannelCredentials credentials) {
        return GrpcClients.stub(clients.channel(port(context), credentials)).execute(request(chatId));
    }

    private static ExecuteRequest request(String chatId) {
        return ExecuteRequest.newBuilder().setExecutorId(chatId).setSourceCode("print(21 * 2)").build();
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getBean(GrpcServer.class).port();
    }

    private static StatusRuntimeException refusal(Runnable call) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refused).as("the call should fail").isNotNull();
        return refused;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ConfigurableApplicationContext start(Map<String, String> grpcSettings) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("spring.config.name", "api-service",
                "app.http-listen-addr", "127.0.0.1:0", "app.grpc-enabled", "true",
                "app.grpc-listen-addr", "127.0.0.1:0"));
        settings.putAll(grpcSettings);
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(ApiWithoutInfrastructure.class).web(WebApplicationType.REACTIVE)
                .run(args.toArray(String[]::new));
    }
}
