package dev.codeinterp.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.ApiWithoutInfrastructure.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code Idempotency-Key} on {@code POST /v1/execute} over a real server, the job store and a worker in memory (chats
 * named {@code held…} run until the test completes them). A job may wait 1 s for a sandbox and a result 1 s beyond
 * its timeout, so a retry waits at most a few seconds for a held job.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0", "app.queue-timeout=1",
                "app.result-grace=1"})
class ExecuteIdempotencyHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;
    @Autowired
    Worker worker;

    @Test
    void shouldRunOnceAndAnswerTheSameResultWhenTheSameBodyComesBackWithTheKey() {
        Map<String, Object> first = execute("key-1", "{\"chat_id\": \"idem-once\", \"source_code\": \"print(3)\"}", 200);
        Map<String, Object> again = execute("key-1", "{ \"source_code\":\"print(3)\",  \"chat_id\":\"idem-once\" }", 200);

        assertThat(first).containsEntry("stdout", "3\n").containsEntry("exit_code", 0)
                .containsEntry("chat_id", "idem-once");
        assertThat(again).isEqualTo(first);
        assertThat(worker.dispatched("idem-once")).isEqualTo(1);
    }

    @Test
    void shouldAnswer409WhenTheKeyComesBackWithAnotherBody() {
        execute("key-2", "{\"chat_id\": \"idem-conflict\", \"source_code\": \"print(3)\"}", 200);

        Map<String, Object> refused = execute("key-2", "{\"chat_id\": \"idem-conflict\", \"source_code\": \"print(4)\"}",
                409);

        assertThat(refused).containsEntry("detail",
                "Idempotency-Key 'key-2' was already used with a different request body");
        assertThat(worker.dispatched("idem-conflict")).isEqualTo(1);
    }

    @Test
    void shouldWaitForTheRunningJobAndAnswerItsResultWhenTheKeyComesBackWhileItRuns() {
        String body = "{\"chat_id\": \"held-idem-wait\", \"source_code\": \"print(3)\", \"timeout\": 30}";
        CompletableFuture<Map<String, Object>> first = inBackground("key-3", body);
        await().until(() -> worker.holds("held-idem-wait"));
        CompletableFuture<Map<String, Object>> retry = inBackground("key-3", body);

        worker.complete("held-idem-wait");

        assertThat(retry.join()).isEqualTo(first.join()).containsEntry("stdout", "3\n");
        assertThat(worker.dispatched("held-idem-wait")).isEqualTo(1);
    }

    @Test
    void shouldAnswer504NamingTheJobWhenItHasNotEndedWithinTheReplyTimeout() {
        String body = "{\"chat_id\": \"held-idem-slow\", \"source_code\": \"print(3)\", \"timeout\": 1}";
        inBackground("key-4", body);
        await().until(() -> worker.holds("held-idem-slow"));

        Map<String, Object> timedOut = execute("key-4", body, 504);

        String jobId = (String) timedOut.get("job_id");
        assertThat(jobId).isNotBlank();
        assertThat((String) timedOut.get("detail")).isEqualTo("Job " + jobId
                + " has not ended in time; read its outcome later with GET /v1/jobs/" + jobId);
        assertThat(worker.dispatched("held-idem-slow")).isEqualTo(1);
        worker.complete("held-idem-slow");
    }

    @Test
    void shouldFreeTheKeyWhenTheRequestIsRefusedBeforeItsJobRuns() {
        String unknownInput = "{\"chat_id\": \"idem-refused\", \"source_code\": \"print(3)\", \"files\": "
                + "{\"/workspace/in.csv\": \"" + "a".repeat(64) + "\"}}";
        execute("key-5", unknownInput, 404);

        execute("key-5", "{\"chat_id\": \"idem-refused\", \"source_code\": \"print(3)\"}", 200);

        assertThat(worker.dispatched("idem-refused")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheKeysOfJobsAndExecuteApartWhenOneKeyIsUsedOnBoth() {
        client().post().uri("/v1/jobs").header("Idempotency-Key", "key-6").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"chat_id\": \"idem-scope\", \"source_code\": \"print(1)\"}").exchange()
                .expectStatus().isAccepted();

        execute("key-6", "{\"chat_id\": \"idem-scope\", \"source_code\": \"print(2)\"}", 200);

        assertThat(worker.dispatched("idem-scope")).isEqualTo(1);
    }

    @Test
    void shouldAnswer400WhenTheKeyIsNotVisibleAscii() {
        Map<String, Object> refused = execute("", "{\"chat_id\": \"idem-bad\", \"source_code\": \"print(3)\"}", 400);

        assertThat(refused).containsEntry("detail", "Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters");
        assertThat(worker.dispatched("idem-bad")).isZero();
    }

    private Map<String, Object> execute(String key, String body, int status) {
        return client().post().uri("/v1/execute").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private CompletableFuture<Map<String, Object>> inBackground(String key, String body) {
        return CompletableFuture.supplyAsync(() -> execute(key, body, 200));
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
