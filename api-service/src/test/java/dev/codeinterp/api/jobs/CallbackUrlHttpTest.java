package dev.codeinterp.api.jobs;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.common.callback.CallbackPayload;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code callback_url} over a real server: checked when a job is submitted (alone or in a batch), ignored by
 * {@code /v1/execute}, shown by {@code GET /v1/jobs/{id}}; and the callback body is the {@code GET} shape.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.callback-host-allowlist=hooks.example.com,127.0.0.1"})
class CallbackUrlHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {
    };

    @LocalServerPort
    int port;
    @Autowired
    InMemoryJobStore jobs;
    @Autowired
    JobLifecycle lifecycle;

    @Test
    void shouldAcceptAnAllowlistedCallbackAndShowWhereItStandsWhenTheJobIsRead() {
        String jobId = (String) post("/v1/jobs", Map.of("source_code", "print(3)", "chat_id", "cb1",
                "callback_url", "https://hooks.example.com/done?job=1"), 202).get("job_id");

        assertThat(callbackOf(jobId, "cb1")).containsEntry("url", "https://hooks.example.com/done?job=1")
                .containsEntry("attempts", 0).containsEntry("delivered", false).containsEntry("delivered_at", null)
                .containsEntry("last_status_code", null).containsEntry("last_error", null);
    }

    @Test
    void shouldAcceptTheCamelCaseAliasAndShowNoCallbackWhenNoneWasGiven() {
        String withAlias = (String) post("/v1/jobs", Map.of("sourceCode", "print(3)", "chatId", "cb2",
                "callbackUrl", "http://127.0.0.1:9000/hook"), 202).get("job_id");
        String without = (String) post("/v1/jobs", Map.of("source_code", "print(3)", "chat_id", "cb2"), 202)
                .get("job_id");

        assertThat(callbackOf(withAlias, "cb2")).containsEntry("url", "http://127.0.0.1:9000/hook");
        assertThat(get(without, "cb2")).doesNotContainKey("callback");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://other.example.com/x | Field 'callback_url' host 'other.example.com' is not in APP_CALLBACK_HOST_ALLOWLIST",
            "ftp://hooks.example.com/x | Field 'callback_url' must be an absolute http or https URL",
            "/relative | Field 'callback_url' must be an absolute http or https URL",
            "https://u:p@hooks.example.com/x | Field 'callback_url' must not contain user credentials",
            "http://10.0.0.1/x | Field 'callback_url' host '10.0.0.1' is not in APP_CALLBACK_HOST_ALLOWLIST"})
    void shouldRefuseWith400NamingTheFieldWhenTheCallbackUrlIsNotAcceptable(String url, String detail) {
        Map<String, Object> refused = post("/v1/jobs", Map.of("source_code", "print(3)", "chat_id", "cb3",
                "callback_url", url), 400);

        assertThat(refused).containsEntry("detail", detail);
    }

    @Test
    void shouldRefuseWith400WhenTheCallbackUrlIsTooLongOrNotAString() {
        String tooLong = "https://hooks.example.com/" + "a".repeat(2048);

        assertThat(post("/v1/jobs", Map.of("source_code", "1", "chat_id", "cb4", "callback_url", tooLong), 400))
                .containsEntry("detail", "Field 'callback_url' must be at most 2048 characters");
        assertThat(post("/v1/jobs", Map.of("source_code", "1", "chat_id", "cb4", "callback_url", 42), 400))
                .containsEntry("detail", "Field 'callback_url' must be a string");
    }

    @Test
    void shouldRefuseOnlyTheBatchEntryWhoseCallbackUrlIsNotAcceptable() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) post("/v1/jobs/batch", Map.of("jobs", List.of(
                Map.of("source_code", "print(1)", "chat_id", "cb5", "callback_url", "https://hooks.example.com/a"),
                Map.of("source_code", "print(2)", "chat_id", "cb5", "callback_url", "https://evil.example.com/b"))),
                202).get("jobs");

        assertThat(entries.get(0)).containsEntry("status", "queued");
        assertThat(callbackOf((String) entries.get(0).get("job_id"), "cb5"))
                .containsEntry("url", "https://hooks.example.com/a");
        assertThat(entries.get(1)).containsOnlyKeys("error").containsEntry("error", Map.of("status", 400,
                "detail", "Field 'callback_url' host 'evil.example.com' is not in APP_CALLBACK_HOST_ALLOWLIST"));
    }

    @Test
    void shouldIgnoreACallbackUrlWhenTheCallerWaitsOnExecute() {
        Map<String, Object> answer = post("/v1/execute", Map.of("source_code", "print(3)", "chat_id", "cb6",
                "callback_url", "ftp://not-even-valid"), 200);

        assertThat(answer).containsEntry("stdout", "3\n").doesNotContainKey("callback");
    }

    @ParameterizedTest
    @CsvSource({"succeeded", "failed", "cancelled", "timed_out"})
    void shouldSendTheShapeGetShowsWhenACallbackCarriesTheJob(String status) {
        JobRecord job = aJob().withChatId("cb7").submittedAt(Instant.parse("2030-01-01T12:00:00.123Z")).build();
        jobs.create(job, Duration.ofMinutes(5));
        lifecycle.markRunning(job.jobId(), Instant.parse("2030-01-01T12:00:01Z"), Instant.parse("2030-01-01T12:01:00Z"));
        lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.fromWireName(status)).withStdout("out")
                .withStderr("err").withExitCode(3).withFailureReason("why")
                .withFile("/workspace/b.csv", "b".repeat(64), new FileMetadata(null, null))
                .withFile("/workspace/a.csv", "a".repeat(64), new FileMetadata(2,
                        Instant.parse("2030-02-01T00:00:00.5Z"))).build(), Instant.parse("2030-01-01T12:00:02Z"));

        Map<String, Object> shown = get(job.jobId(), "cb7");
        Map<String, Object> sent = new JsonMapper().readValue(
                new ContractJson().encode(CallbackPayload.of(jobs.find(job.jobId()).orElseThrow())), JSON_MAP);

        assertThat(sent).isEqualTo(shown);
    }

    private Map<String, Object> post(String path, Object body, int status) {
        return client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> callbackOf(String jobId, String chatId) {
        return (Map<String, Object>) get(jobId, chatId).get("callback");
    }

    private Map<String, Object> get(String jobId, String chatId) {
        return client().get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
