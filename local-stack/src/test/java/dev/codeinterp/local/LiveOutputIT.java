package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Live output through the whole stack: the agent streams the program's output, the worker writes it to Redis as it
 * comes, and any api replica serves it as Server-Sent Events while the program still runs.
 */
class LiveOutputIT {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
            new ParameterizedTypeReference<>() {
            };
    private static final String PROGRAM = """
            import sys, time
            print('first', flush=True)
            time.sleep(2)
            print('careful', file=sys.stderr, flush=True)
            time.sleep(0.3)
            print('second')
            """;

    private static ConfigurableApplicationContext second;

    private final WebTestClient client = TestStack.client();

    @BeforeAll
    static void startSecondReplica() {
        TestStack.get();
        second = LocalStack.startApiReplica(EmbeddedInfrastructure.shared(), Map.of(
                "app.http-listen-addr", "127.0.0.1:0", "app.instance-id", "e2e-live-output"));
    }

    @AfterAll
    static void stopSecondReplica() {
        second.close();
    }

    @Test
    void shouldStreamOutputWhileTheJobRunsThenItsResult() {
        String jobId = submit("live-1");
        List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
        Disposable stream = follow(client, jobId, "live-1", null).subscribe(events::add);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> names(events).contains("stdout"));
            assertThat(status(jobId, "live-1")).as("the first line arrived while the program ran").isEqualTo("running");
            await().atMost(Duration.ofSeconds(60)).until(() -> names(events).contains("result"));
        } finally {
            stream.dispose();
        }

        assertThat(names(events)).startsWith("status").endsWith("status", "result")
                .containsSubsequence("stdout", "stderr", "stdout");
        assertThat(text(events, "stdout")).isEqualTo("first\nsecond\n");
        assertThat(text(events, "stderr")).isEqualTo("careful\n");
        assertThat(events.get(events.size() - 2).data()).containsEntry("status", "succeeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) events.get(events.size() - 1).data().get("result");
        assertThat(result).containsEntry("stdout", "first\nsecond\n").containsEntry("stderr", "careful\n")
                .containsEntry("exit_code", 0);
    }

    @Test
    void shouldResumeOnAnotherReplicaAfterTheLastEventId() {
        String jobId = submit("live-2");
        ServerSentEvent<Map<String, Object>> firstLine = follow(client, jobId, "live-2", null)
                .filter(event -> "stdout".equals(event.event())).blockFirst(Duration.ofSeconds(60));
        assertThat((String) firstLine.data().get("text")).startsWith("first");

        List<ServerSentEvent<Map<String, Object>>> rest = follow(TestStack.clientFor(LocalStack.baseUrlOf(second)),
                jobId, "live-2", firstLine.id()).collectList().block(Duration.ofSeconds(60));

        assertThat(firstLine.data().get("text") + text(rest, "stdout")).as("everything after the first chunk, once")
                .isEqualTo("first\nsecond\n");
        assertThat(text(rest, "stderr")).isEqualTo("careful\n");
        assertThat(names(rest)).endsWith("status", "result");
    }

    @Test
    void shouldRunAndStreamOneExecutionWhenExecutingWithStream() {
        List<ServerSentEvent<Map<String, Object>>> events = client.post().uri("/v1/execute/stream")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "live-3", "source_code", "for i in range(3):\n    print(i)"))
                .exchange().expectStatus().isOk().returnResult(EVENT).getResponseBody()
                .filter(event -> event.event() != null).collectList().block(Duration.ofSeconds(60));

        // the first event names the job; the job may already run, or even have ended, when the stream first looks
        assertThat(events.get(0).event()).isEqualTo("status");
        assertThat(events.get(0).data()).containsKey("job_id");
        assertThat(events.get(0).data().get("status")).isIn("queued", "running", "succeeded");
        assertThat(text(events, "stdout")).isEqualTo("0\n1\n2\n");
        assertThat(names(events)).endsWith("status", "result");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) events.get(events.size() - 1).data().get("result");
        assertThat(result).containsEntry("stdout", "0\n1\n2\n").containsEntry("exit_code", 0)
                .containsEntry("chat_id", "live-3");
    }

    private Flux<ServerSentEvent<Map<String, Object>>> follow(WebTestClient replica, String jobId, String chatId,
            String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = replica.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v1/jobs/{id}/events?chat_id={chat}", jobId, chatId).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(EVENT).getResponseBody()
                .filter(event -> event.event() != null);
    }

    private String submit(String chatId) {
        return (String) TestHttp.post(client, "/v1/jobs", Map.of("chat_id", chatId, "source_code", PROGRAM), 202)
                .get("job_id");
    }

    private String status(String jobId, String chatId) {
        return (String) client.get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange().expectStatus()
                .isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody().get("status");
    }

    private static List<String> names(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream().map(ServerSentEvent::event).toList();
    }

    private static String text(List<ServerSentEvent<Map<String, Object>>> events, String stream) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(event -> stream.equals(event.event()))
                .forEach(event -> text.append((String) event.data().get("text")));
        return text.toString();
    }
}
