package dev.codeinterp.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.ApiWithoutInfrastructure.Worker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** The per-chat limits (429) and the global bound (503) over a real server, both through execute endpoints. */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.chat-max-concurrent=1", "app.chat-rate-limit=3/1m", "app.max-queued-jobs=3"})
class AdmissionHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;
    @Autowired
    Worker worker;
    @Autowired
    InMemoryAdmissionControl admission;

    @AfterEach
    void nothingHeld() {
        await().until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldAnswer429WithRetryAfterToABurstOfOneChatWhileAnotherChatIsServed() {
        for (int i = 0; i < 3; i++) {
            execute("burst", 200);
        }

        EntityExchangeResult<Map<String, Object>> refused = execute("burst", 429);

        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                .isBetween(55L, 60L);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) refused.getResponseBody().get("detail")).contains("rate limit of 3 per 1m");
        execute("burst-other", 200);
    }

    @Test
    void shouldAnswer429WhileTheChatHasAJobInFlightAndServeItAgainWhenTheJobIsDone() {
        Disposable first = executeInBackground("held-busy");
        await().until(() -> worker.holds("held-busy"));

        EntityExchangeResult<Map<String, Object>> refused = executeTool("held-busy", 429);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        execute("busy-other", 200);

        worker.complete("held-busy");
        await().until(() -> admission.inFlight() == 0);
        execute("busy-after", 200);
        first.dispose();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheGlobalBoundIsReached() {
        Disposable[] held = {executeInBackground("held-a"), executeInBackground("held-b"),
                executeInBackground("held-c")};
        await().until(() -> admission.inFlight() == 3);

        EntityExchangeResult<Map<String, Object>> refused = execute("fresh", 503);

        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat((String) refused.getResponseBody().get("detail")).contains("Too many jobs are queued");
        for (String chat : new String[] {"held-a", "held-b", "held-c"}) {
            await().until(() -> worker.holds(chat));
            worker.complete(chat);
        }
        for (Disposable request : held) {
            request.dispose();
        }
    }

    @Test
    void shouldReleaseTheSlotWhenTheClientDisconnects() {
        Disposable request = executeInBackground("held-gone");
        await().until(() -> worker.holds("held-gone"));
        assertThat(admission.inFlight()).isEqualTo(1);

        request.dispose();

        await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlight() == 0);
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private EntityExchangeResult<Map<String, Object>> execute(String chatId, int status) {
        return client().post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", "print(3)")).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult();
    }

    private EntityExchangeResult<Map<String, Object>> executeTool(String chatId, int status) {
        return client().post().uri("/v1/execute-custom-tool").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "tool_source_code", "def f(a: int) -> int:\n    return a\n",
                        "tool_input_json", "{\"a\": 3}")).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult();
    }

    /** A request whose response the test does not wait for; disposing it closes the connection. */
    private Disposable executeInBackground(String chatId) {
        return WebClient.create("http://127.0.0.1:" + port).post().uri("/v1/execute")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", "print(3)"))
                .retrieve().toBodilessEntity().subscribe(response -> { }, error -> { });
    }
}
