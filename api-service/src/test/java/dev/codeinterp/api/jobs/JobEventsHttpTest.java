package dev.codeinterp.api.jobs;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.common.job.InMemoryLiveOutput;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.OutputChunk.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The job event streams over a real server, with the job store and live output in memory. Jobs of chats named
 * {@code held…} stay queued; the test plays the worker: it starts them, writes their output and ends them.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0"})
class JobEventsHttpTest {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;

    @Autowired
    JobLifecycle lifecycle;

    @Autowired
    InMemoryLiveOutput output;

    @Test
    void shouldStreamStatusThenOutputAsItIsWrittenThenTheResult() {
        String jobId = submit("held-events-1");
        List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
        Disposable stream = follow(jobId, "held-events-1", null).subscribe(events::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> names(events).equals(List.of("status")));
            lifecycle.markRunning(jobId, Instant.now(), Instant.now().plusSeconds(60));
            output.append(jobId, 1, Stream.STDOUT, "hello\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> names(events).contains("stdout"));
            output.append(jobId, 1, Stream.STDERR, "warn\n");
            lifecycle.finish(aResult().forJob(jobId).withStatus(JobStatus.SUCCEEDED).withStdout("hello\n")
                    .withStderr("warn\n").build(), Instant.now(), 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> names(events).contains("result"));
        } finally {
            stream.dispose();
        }
        assertThat(names(events)).containsExactly("status", "status", "stdout", "stderr", "status", "result");
        assertThat(events.get(0).data()).containsEntry("job_id", jobId).containsEntry("status", "queued")
                .doesNotContainKey("attempt");
        assertThat(events.get(1).data()).containsEntry("status", "running");
        assertThat(events.get(2).data()).containsEntry("text", "hello\n").containsEntry("attempt", 1);
        assertThat(events.get(3).data()).containsEntry("text", "warn\n");
        assertThat(events.get(4).data()).containsEntry("status", "succeeded");
        assertThat(events.get(5).data()).containsEntry("job_id", jobId).containsEntry("status", "succeeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) events.get(5).data().get("result");
        assertThat(result).containsEntry("stdout", "hello\n").containsEntry("stderr", "warn\n");
        assertThat(events).extracting(ServerSentEvent::id).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void shouldResumeAfterTheLastEventIdWithoutRepeatingAnything() {
        String jobId = submit("held-events-2");
        lifecycle.markRunning(jobId, Instant.now(), Instant.now().plusSeconds(60));
        output.append(jobId, 1, Stream.STDOUT, "one\n");
        output.append(jobId, 1, Stream.STDOUT, "two\n");
        output.append(jobId, 1, Stream.STDOUT, "three\n");
        lifecycle.finish(aResult().forJob(jobId).withStatus(JobStatus.SUCCEEDED).build(), Instant.now(), 0);
        List<ServerSentEvent<Map<String, Object>>> all = follow(jobId, "held-events-2", null).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(names(all)).containsExactly("stdout", "stdout", "stdout", "status", "result");

        List<ServerSentEvent<Map<String, Object>>> resumed = follow(jobId, "held-events-2", all.get(1).id())
                .collectList().block(Duration.ofSeconds(10));

        assertThat(names(resumed)).containsExactly("stdout", "status", "result");
        assertThat(resumed.get(0).data()).containsEntry("text", "three\n");
        assertThat(follow(jobId, "held-events-2", all.get(3).id()).collectList().block(Duration.ofSeconds(10)))
                .extracting(ServerSentEvent::event).containsExactly("result");
        assertThat(follow(jobId, "held-events-2", all.get(4).id()).collectList().block(Duration.ofSeconds(10)))
                .as("nothing follows the result").isEmpty();
    }

    @Test
    void shouldAnnounceARerunWhenOutputOfALaterAttemptStarts() {
        String jobId = submit("held-events-3");
        lifecycle.markRunning(jobId, Instant.now(), Instant.now().plusSeconds(60));
        output.append(jobId, 1, Stream.STDOUT, "first try\n");
        output.append(jobId, 2, Stream.STDOUT, "second try\n");
        lifecycle.finish(aResult().forJob(jobId).withStatus(JobStatus.SUCCEEDED).build(), Instant.now(), 0);

        List<ServerSentEvent<Map<String, Object>>> events = follow(jobId, "held-events-3", null).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(names(events)).containsExactly("stdout", "status", "stdout", "status", "result");
        assertThat(events.get(1).data()).containsEntry("status", "running").containsEntry("attempt", 2);
        assertThat(events.get(2).data()).containsEntry("text", "second try\n").containsEntry("attempt", 2);
    }

    @Test
    void shouldEndWithTheErrorOfAJobThatEndedWithoutRunning() {
        String jobId = submit("held-events-4");
        client().delete().uri("/v1/jobs/{id}?chat_id=held-events-4", jobId).exchange().expectStatus().isOk();

        List<ServerSentEvent<Map<String, Object>>> events = follow(jobId, "held-events-4", null).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(names(events)).containsExactly("status", "result");
        assertThat(events.get(0).data()).containsEntry("status", "cancelled");
        assertThat(events.get(1).data()).containsEntry("error", "Cancelled").containsEntry("result", null);
    }

    @Test
    void shouldAnswer404AsAProblemBeforeStreamingToAnotherChatOrAnUnknownJobWhateverTheClientAccepts() {
        String jobId = submit("held-events-5");

        client().get().uri("/v1/jobs/{id}/events?chat_id=intruder", jobId).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Job not found: " + jobId);
        client().get().uri("/v1/jobs/no-such-job/events?chat_id=held-events-5").exchange().expectStatus()
                .isNotFound();
        client().get().uri("/v1/jobs/{id}/events?chat_id=intruder", jobId).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Job not found: " + jobId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "1-2", "1-2/running", "1-2/sleeping/1", "1-2/running/1000", "a-b/queued/0",
            "99999999999999999999-0/queued/0"})
    void shouldRefuseALastEventIdItDidNotSend(String lastEventId) {
        String jobId = submit("held-events-6");

        client().get().uri("/v1/jobs/{id}/events?chat_id=held-events-6", jobId).header("Last-Event-ID", lastEventId)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Last-Event-ID is not an id this stream sent");
    }

    @Test
    void shouldRunAJobAndStreamItsEventsWhenExecutingWithStream() {
        List<ServerSentEvent<Map<String, Object>>> events = client().post().uri("/v1/execute/stream")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("source_code", "print(3)", "chat_id", "s1"))
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(EVENT).getResponseBody().collectList().block(Duration.ofSeconds(10));

        assertThat(names(events)).containsExactly("status", "result");
        assertThat(events.get(0).data()).containsEntry("status", "succeeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) events.get(1).data().get("result");
        assertThat(result).containsEntry("stdout", "3\n").containsEntry("chat_id", "s1");
    }

    @Test
    void shouldRefuseAnInvalidBodyWith400BeforeStreaming() {
        client().post().uri("/v1/execute/stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "s2")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").exists();
    }

    private Flux<ServerSentEvent<Map<String, Object>>> follow(String jobId, String chatId, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = client().get()
                .uri("/v1/jobs/{id}/events?chat_id={chat}", jobId, chatId).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(EVENT).getResponseBody()
                .filter(event -> event.event() != null);
    }

    private String submit(String chatId) {
        return (String) client().post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source_code", "print(3)", "chat_id", chatId)).exchange().expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody().get("job_id");
    }

    private static List<String> names(List<ServerSentEvent<Map<String, Object>>> events) {
        List<String> names = new ArrayList<>();
        events.forEach(event -> names.add(event.event()));
        return names;
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20))
                .build();
    }
}
