package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The asynchronous jobs API, end to end: submitted over HTTP, run by the worker, read back (or cancelled) later. */
class AsyncJobsIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timed_out", "cancelled", "expired");

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldRunASubmittedJobAndKeepItsResultForItsChatOnly() {
        String jobId = (String) TestHttp.post(client, "/v1/jobs",
                Map.of("chat_id", "async-chat", "source_code", "open('out.txt', 'w').write('x')\nprint(21 * 2)"), 202)
                .get("job_id");

        Map<String, Object> job = awaitEnd(jobId, "async-chat");

        assertThat(job).containsEntry("status", "succeeded").containsEntry("chat_id", "async-chat");
        assertThat((String) job.get("started_at")).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) job.get("result");
        assertThat(result).containsEntry("stdout", "42\n").containsEntry("exit_code", 0)
                .containsEntry("job_id", jobId);
        assertThat(TestHttp.files(result)).containsKey("/workspace/out.txt");
        client.get().uri("/v1/jobs/{id}?chat_id=other-chat", jobId).exchange().expectStatus().isNotFound();
    }

    @Test
    void shouldKillTheSandboxOfARunningJobWhenItIsCancelled() {
        String jobId = (String) TestHttp.post(client, "/v1/jobs", Map.of("chat_id", "async-cancel",
                "source_code", "import subprocess\nsubprocess.run(['sleep', '7331'])\nprint('never')"), 202)
                .get("job_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> !HostProcesses.withCommandLine("sleep", "7331").isEmpty());
        assertThat(job(jobId, "async-cancel")).containsEntry("status", "running");

        Map<String, Object> cancelled = client.delete().uri("/v1/jobs/{id}?chat_id=async-cancel", jobId).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("error", "Cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> HostProcesses.withCommandLine("sleep", "7331").isEmpty());
        assertThat(job(jobId, "async-cancel")).containsEntry("status", "cancelled").containsEntry("result", null);
    }

    @Test
    void shouldRunEveryValidEntryOfABatchAndReportTheInvalidOneInItsSlot() {
        Map<String, Object> answer = TestHttp.post(client, "/v1/jobs/batch", Map.of("jobs", List.of(
                Map.of("chat_id", "async-batch", "source_code", "print('first')"),
                Map.of("chat_id", "async-batch", "source_code", "print(1)", "files", Map.of("/etc/passwd", "0")),
                Map.of("chat_id", "async-batch", "source_code", "print('third')"))), 202);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) answer.get("jobs");

        assertThat(entries).hasSize(3);
        assertThat(entries.get(1)).containsOnlyKeys("error");
        assertThat(stdoutOf(awaitEnd((String) entries.get(0).get("job_id"), "async-batch"))).isEqualTo("first\n");
        assertThat(stdoutOf(awaitEnd((String) entries.get(2).get("job_id"), "async-batch"))).isEqualTo("third\n");
    }

    @Test
    void shouldRunAJobOnceWhenItIsSubmittedTwiceWithOneIdempotencyKey() {
        Map<String, Object> request = Map.of("chat_id", "async-idem",
                "source_code", "import random\nprint(random.random())");

        String first = submitWithKey("retry-7", request);
        String second = submitWithKey("retry-7", request);

        assertThat(second).isEqualTo(first);
        assertThat(awaitEnd(first, "async-idem")).containsEntry("status", "succeeded");
        assertThat(submitWithKey("retry-7", request)).isEqualTo(first);
    }

    private String submitWithKey(String key, Map<String, Object> request) {
        return (String) client.post().uri("/v1/jobs").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange().expectStatus().isAccepted()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody().get("job_id");
    }

    private Map<String, Object> awaitEnd(String jobId, String chatId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> job(jobId, chatId), job -> TERMINAL.contains((String) job.get("status")));
    }

    private Map<String, Object> job(String jobId, String chatId) {
        return client.get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static String stdoutOf(Map<String, Object> job) {
        return (String) ((Map<String, Object>) job.get("result")).get("stdout");
    }
}
