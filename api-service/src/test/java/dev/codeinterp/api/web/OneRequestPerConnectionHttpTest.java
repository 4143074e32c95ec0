package dev.codeinterp.api.web;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every answer closes its connection ({@code server.netty.max-keep-alive-requests: 1} in api-service.yml): the
 * workaround for a Reactor Netty bug that left a fast client's keep-alive request unread (reactor/reactor-netty#4361).
 * The calls that met it: a job submitted right after a refused event stream, over and over.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0"})
class OneRequestPerConnectionHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldCloseEachConnectionAfterItsAnswerWhateverTheAnswer() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 50; i++) {
            client.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("source_code", "print(3)", "chat_id", "held-connection-" + i)).exchange()
                    .expectStatus().isAccepted().expectHeader().valueEquals("Connection", "close");
            client.get().uri("/v1/jobs/x/events?chat_id=held-connection").header("Last-Event-ID", "garbage")
                    .exchange().expectStatus().isBadRequest().expectHeader().valueEquals("Connection", "close");
        }
    }
}
