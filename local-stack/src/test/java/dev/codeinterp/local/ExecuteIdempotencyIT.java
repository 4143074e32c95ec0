package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code Idempotency-Key} on the synchronous {@code POST /v1/execute}, end to end: a retried call never runs twice. */
class ExecuteIdempotencyIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldAnswerTheSameRunWhenTheCallIsRetriedWhileItRunsAndAfterItEnded() {
        Map<String, Object> request = Map.of("chat_id", "sync-idem", "source_code",
                "import random, subprocess\nsubprocess.run(['sleep', '3.7331'])\nprint(random.random())");
        CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> execute("sync-7", request));
        await().atMost(Duration.ofSeconds(60)).until(() -> !HostProcesses.withCommandLine("sleep", "3.7331").isEmpty());

        Map<String, Object> retriedWhileRunning = execute("sync-7", request);
        Map<String, Object> retriedAfterEnd = execute("sync-7", request);

        Map<String, Object> original = first.join();
        assertThat((String) original.get("stdout")).matches("0\\.\\d+\n");
        assertThat(retriedWhileRunning).isEqualTo(original);
        assertThat(retriedAfterEnd).isEqualTo(original);
        Map<String, Object> job = client.get().uri("/v1/jobs/{id}?chat_id=sync-idem", original.get("job_id"))
                .exchange().expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        assertThat(job).containsEntry("status", "succeeded");
    }

    @Test
    void shouldRunAgainWhenTheSameKeyComesWithoutAHeaderOrAnswer409WithAnotherBody() {
        Map<String, Object> request = Map.of("chat_id", "sync-idem-409", "source_code",
                "import random\nprint(random.random())");
        Map<String, Object> keyed = execute("sync-8", request);

        Map<String, Object> unkeyed = TestHttp.post(client, "/v1/execute", request, 200);
        Map<String, Object> conflict = client.post().uri("/v1/execute").header("Idempotency-Key", "sync-8")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "sync-idem-409", "source_code", "print('other')")).exchange()
                .expectStatus().isEqualTo(409).expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(unkeyed.get("job_id")).isNotEqualTo(keyed.get("job_id"));
        assertThat(unkeyed.get("stdout")).isNotEqualTo(keyed.get("stdout"));
        assertThat((String) conflict.get("detail")).contains("already used with a different request body");
    }

    private Map<String, Object> execute(String key, Map<String, Object> request) {
        return client.post().uri("/v1/execute").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isOk().expectBody(JSON_OBJECT).returnResult()
                .getResponseBody();
    }
}
