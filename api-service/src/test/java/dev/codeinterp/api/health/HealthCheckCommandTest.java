package dev.codeinterp.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The command against a real api whose stand-in worker answers {@code 3\n} to everything (so: unhealthy), against an
 * api that requires a key, and against a port where nothing listens. The healthy case runs through the whole stack in
 * local-stack's {@code HealthIT}.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.api-keys=first-key,second-key"})
class HealthCheckCommandTest {

    @LocalServerPort
    int port;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void shouldFailSayingWhatCameBackWhenTheProgramDoesNotPrint42() {
        int status = run(List.of("health-check", "http://127.0.0.1:" + port + "/"), Map.of("APP_API_KEYS",
                "[\"second-key\"]"));

        assertThat(status).isEqualTo(1);
        assertThat(output()).startsWith("unhealthy: POST http://127.0.0.1:" + port + "/v1/execute answered 200")
                .contains("\"stdout\":\"3\\n\"");
    }

    @Test
    void shouldBeRefusedWithoutTheKeyAndSendTheHealthCheckKeyWhenSet() {
        assertThat(run(List.of("health-check", "http://127.0.0.1:" + port), Map.of())).isEqualTo(1);
        assertThat(output()).contains("answered 401");

        out.reset();
        run(List.of("health-check"), Map.of("APP_HTTP_LISTEN_ADDR", "0.0.0.0:" + port, "APP_API_KEYS", "wrong",
                "APP_HEALTH_CHECK_API_KEY", "first-key"));
        assertThat(output()).contains("answered 200");
    }

    @Test
    void shouldFailNamingTheUrlWhenNothingListens() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(run(List.of("health-check", "http://127.0.0.1:" + closed), Map.of())).isEqualTo(1);
        assertThat(output()).startsWith("unhealthy: POST http://127.0.0.1:" + closed + "/v1/execute failed: ");
    }

    @Test
    void shouldSayTheUrlIsNoneWhenItCannotBeParsed() {
        assertThat(run(List.of("health-check", "http://bad host:1"), Map.of())).isEqualTo(1);
        assertThat(output()).isEqualTo("unhealthy: not a URL: http://bad host:1" + System.lineSeparator());
    }

    @Test
    void shouldCallItsOwnPortOverLoopbackWhenNoUrlIsGiven() {
        assertThat(HealthCheckCommand.ownUrl("0.0.0.0:50081")).isEqualTo("http://127.0.0.1:50081");
        assertThat(HealthCheckCommand.ownUrl("[::]:6000")).isEqualTo("http://127.0.0.1:6000");
        assertThat(HealthCheckCommand.ownUrl("")).isEqualTo("http://127.0.0.1:50081");
    }

    private int run(List<String> args, Map<String, String> env) {
        return HealthCheckCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
