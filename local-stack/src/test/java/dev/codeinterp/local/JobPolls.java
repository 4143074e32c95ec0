package dev.codeinterp.local;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Reads jobs through {@code GET /v1/jobs/{id}} until they end, for the fault tests. */
final class JobPolls {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timed_out", "cancelled", "expired");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    private JobPolls() {
    }

    /** Submits an async job and returns its id. */
    static String submit(WebTestClient client, String chatId, String program) {
        return (String) TestHttp.post(client, "/v1/jobs", Map.of("chat_id", chatId, "source_code", program), 202)
                .get("job_id");
    }

    static Map<String, Object> view(WebTestClient client, String jobId, String chatId) {
        return client.get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    static Map<String, Object> awaitStatus(WebTestClient client, String jobId, String chatId, Set<String> statuses,
            Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> view(client, jobId, chatId), job -> statuses.contains((String) job.get("status")));
    }

    static Map<String, Object> awaitEnd(WebTestClient client, String jobId, String chatId, Duration atMost) {
        return awaitStatus(client, jobId, chatId, TERMINAL, atMost);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> job) {
        return (Map<String, Object>) job.get("result");
    }
}
