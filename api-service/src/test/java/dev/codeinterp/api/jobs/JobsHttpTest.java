package dev.codeinterp.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The jobs API's contract over a real server, with the job store and a worker in memory: the worker records an
 * enqueued job as succeeded at once, except for chats named {@code held…}, whose jobs stay queued.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0", "app.max-batch-size=3",
                "app.chat-max-concurrent=2"})
class JobsHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;

    @Test
    void shouldAcceptAJobWith202AndShowItsResultToItsChat() {
        EntityExchangeResult<Map<String, Object>> accepted = client().post().uri("/v1/jobs")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("source_code", "print(3)", "chat_id", "c1"))
                .exchange().expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult();
        Map<String, Object> job = accepted.getResponseBody();
        String jobId = (String) job.get("job_id");

        assertThat(job).containsEntry("status", "queued").containsEntry("chat_id", "c1");
        assertThat(accepted.getResponseHeaders().getLocation()).hasToString("/v1/jobs/" + jobId);
        Map<String, Object> found = get(jobId, "c1", 200);
        assertThat(found).containsEntry("job_id", jobId).containsEntry("status", "succeeded")
                .containsEntry("chat_id", "c1").containsEntry("error", null);
        assertThat((String) found.get("submitted_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat((String) found.get("finished_at")).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) found.get("result");
        assertThat(result).containsEntry("stdout", "3\n").containsEntry("exit_code", 0).containsEntry("chat_id", "c1");
    }

    @Test
    void shouldAnswer404ToAnotherChatAndToAnUnknownOrMalformedJobId() {
        String jobId = submit(Map.of("source_code", "print(3)", "chat_id", "owner"));

        assertThat(get(jobId, "intruder", 404)).containsEntry("detail", "Job not found: " + jobId);
        assertThat(delete(jobId, "intruder", 404).get("detail")).isEqualTo("Job not found: " + jobId);
        get("no-such-job", "owner", 404);
        get("a.b", "owner", 404);
        assertThat(get(jobId, "owner", 200)).containsEntry("status", "succeeded");
    }

    @Test
    void shouldRefuseToShowAJobWithoutChatId() {
        String jobId = submit(Map.of("source_code", "print(3)", "chat_id", "c2"));

        Map<String, Object> refused = client().get().uri("/v1/jobs/" + jobId).exchange().expectStatus().isForbidden()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        assertThat(refused).containsEntry("detail", "Chat ID required but missing");
    }

    @Test
    void shouldCancelAQueuedJobOnceAndThen409() {
        String jobId = submit(Map.of("source_code", "print(3)", "chat_id", "held-cancel"));

        Map<String, Object> cancelled = delete(jobId, "held-cancel", 200);

        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("error", "Cancelled")
                .containsEntry("result", null);
        assertThat(get(jobId, "held-cancel", 200)).containsEntry("status", "cancelled");
        assertThat(delete(jobId, "held-cancel", 409)).containsEntry("detail",
                "Job " + jobId + " has already ended (cancelled)").containsEntry("job_status", "cancelled");
    }

    @Test
    void shouldReportEachBatchEntryInItsSlotAndRunTheValidOnes() {
        Map<String, Object> answer = post("/v1/jobs/batch", Map.of("jobs", List.of(
                Map.of("source_code", "print(1)", "chat_id", "batch"),
                Map.of("chat_id", "batch"),
                Map.of("sourceCode", "print(2)", "chatId", "batch"))), 202);

        List<Map<String, Object>> entries = entries(answer);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).containsEntry("status", "queued").containsEntry("chat_id", "batch")
                .doesNotContainKey("error");
        assertThat(entries.get(1)).containsOnlyKeys("error").containsEntry("error",
                Map.of("status", 400, "detail", "Field 'source_code' is required"));
        assertThat(entries.get(2)).containsEntry("status", "queued");
        assertThat(get((String) entries.get(2).get("job_id"), "batch", 200)).containsEntry("status", "succeeded");
    }

    @Test
    void shouldRefuseABatchEntryBeyondTheChatsLimitAndAdmitAgainOnceAJobIsCancelled() {
        Map<String, Object> source = Map.of("source_code", "print(1)", "chat_id", "held-limit");
        List<Map<String, Object>> entries = entries(post("/v1/jobs/batch",
                Map.of("jobs", List.of(source, source, source)), 202));

        assertThat(entries.get(0)).containsEntry("status", "queued");
        assertThat(entries.get(1)).containsEntry("status", "queued");
        @SuppressWarnings("unchecked")
        Map<String, Object> refusal = (Map<String, Object>) entries.get(2).get("error");
        assertThat(refusal).containsEntry("status", 429);
        assertThat((String) refusal.get("detail")).contains("held-limit");

        delete((String) entries.get(0).get("job_id"), "held-limit", 200);
        submit(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"jobs\": {}}", "{\"jobs\": []}",
            "{\"jobs\": [{\"source_code\": \"1\"}, {\"source_code\": \"2\"}, {\"source_code\": \"3\"}, {\"source_code\": \"4\"}]}"})
    void shouldRefuseABatchThatIsNotOneToMaxJobs(String body) {
        Map<String, Object> refused = post("/v1/jobs/batch", body, 400);

        assertThat((String) refused.get("detail")).startsWith("Field 'jobs' must");
    }

    @Test
    void shouldReturnTheSameJobForTheSameKeyAndBodyAnd409ForAnotherBody() {
        String first = idempotent("key-1", "{\"source_code\": \"print(1)\", \"chat_id\": \"idem\"}", 202);
        String again = idempotent("key-1", "{ \"chat_id\": \"idem\",  \"source_code\": \"print(1)\" }", 202);
        String otherChat = idempotent("key-1", "{\"source_code\": \"print(1)\", \"chat_id\": \"idem-2\"}", 202);

        assertThat(again).isEqualTo(first);
        assertThat(otherChat).isNotEqualTo(first);
        Map<String, Object> conflict = client().post().uri("/v1/jobs").header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"source_code\": \"print(2)\", \"chat_id\": \"idem\"}")
                .exchange().expectStatus().isEqualTo(409).expectBody(JSON_OBJECT).returnResult().getResponseBody();
        assertThat(conflict).containsEntry("detail",
                "Idempotency-Key 'key-1' was already used with a different request body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "tab\tkey"})
    void shouldRefuseAMalformedIdempotencyKey(String key) {
        Map<String, Object> refused = client().post().uri("/v1/jobs").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("source_code", "1", "chat_id", "idem-bad"))
                .exchange().expectStatus().isBadRequest().expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(refused).containsEntry("detail",
                "Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters");
    }

    private String idempotent(String key, String body, int status) {
        Map<String, Object> answer = client().post().uri("/v1/jobs").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return (String) answer.get("job_id");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("jobs");
    }

    private String submit(Map<String, Object> request) {
        return (String) post("/v1/jobs", request, 202).get("job_id");
    }

    private Map<String, Object> post(String path, Object body, int status) {
        return client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private Map<String, Object> get(String jobId, String chatId, int status) {
        return client().get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private Map<String, Object> delete(String jobId, String chatId, int status) {
        return client().delete().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
