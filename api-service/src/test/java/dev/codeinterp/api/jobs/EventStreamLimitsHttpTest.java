package dev.codeinterp.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * The event stream limits over a real server: {@code APP_CHAT_MAX_EVENT_STREAMS=2} per chat (429) and
 * {@code APP_MAX_EVENT_STREAMS=3} on the replica (503), each refused before the stream starts, and a slot given back
 * when its client leaves. Jobs of chats named {@code held…} stay queued, so their streams stay open.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.max-event-streams=3", "app.chat-max-event-streams=2"})
class EventStreamLimitsHttpTest {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
            new ParameterizedTypeReference<>() {
            };

    /** Within half of {@link EventStreamSlots#STALE}: a slot given back, not one that went stale. */
    private static final Duration GIVEN_BACK = EventStreamSlots.STALE.dividedBy(2);

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;
    @Autowired
    ApiWithoutInfrastructure.Worker worker;

    private final List<Disposable> streams = new CopyOnWriteArrayList<>();

    @AfterEach
    void leave() {
        streams.forEach(Disposable::dispose);
        await().atMost(GIVEN_BACK).until(() -> openStreams() == 0);
    }

    @Test
    void shouldRefuseAThirdStreamOfAChatWith429ThenAFourthOfTheReplicaWith503() {
        double chatFull = refusals("chat_full");
        double replicaFull = refusals("replica_full");
        String job = submit("held-limits-a");
        open(job, "held-limits-a");
        open(job, "held-limits-a");

        events(job, "held-limits-a").expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "5")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.detail")
                .isEqualTo("Chat held-limits-a already has 2 event streams open; try again when one ends");
        String other = submit("held-limits-b");
        open(other, "held-limits-b");
        events(other, "held-limits-b").expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "5")
                .expectBody().jsonPath("$.detail")
                .isEqualTo("Too many event streams are open (3); try again later");

        assertThat(openStreams()).isEqualTo(3);
        assertThat(refusals("chat_full")).isEqualTo(chatFull + 1);
        assertThat(refusals("replica_full")).isEqualTo(replicaFull + 1);
    }

    @Test
    void shouldRefuseAStreamingExecutionBeforeItsJobIsQueued() {
        String job = submit("held-limits-c");
        open(job, "held-limits-c");
        open(job, "held-limits-c");
        int queued = worker.enqueued("held-limits-c");

        client().post().uri("/v1/execute/stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source_code", "print(3)", "chat_id", "held-limits-c")).exchange()
                .expectStatus().isEqualTo(429).expectBody().jsonPath("$.detail").isEqualTo(
                        "Chat held-limits-c already has 2 event streams open; try again when one ends");

        assertThat(worker.enqueued("held-limits-c")).isEqualTo(queued);
    }

    @Test
    void shouldGiveTheSlotBackWhenTheClientLeavesOrTheStreamEnds() {
        String job = submit("held-limits-d");
        Disposable first = open(job, "held-limits-d");
        open(job, "held-limits-d");

        first.dispose();
        await().atMost(GIVEN_BACK).until(() -> openStreams() == 1);
        open(job, "held-limits-d");
        List<ServerSentEvent<Map<String, Object>>> finished = client().post().uri("/v1/execute/stream")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("source_code", "print(3)", "chat_id",
                        "limits-e"))
                .exchange().expectStatus().isOk().returnResult(EVENT).getResponseBody().collectList()
                .block(Duration.ofSeconds(10));

        assertThat(finished).extracting(ServerSentEvent::event).contains("result");
        await().atMost(GIVEN_BACK).until(() -> openStreams() == 2);
    }

    /** Opens a stream that stays open (the job is held) and waits for its first event. */
    private Disposable open(String jobId, String chatId) {
        List<ServerSentEvent<Map<String, Object>>> seen = new CopyOnWriteArrayList<>();
        Disposable stream = events(jobId, chatId).expectStatus().isOk().returnResult(EVENT).getResponseBody()
                .subscribe(seen::add);
        streams.add(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        return stream;
    }

    private WebTestClient.ResponseSpec events(String jobId, String chatId) {
        return client().get().uri("/v1/jobs/{id}/events?chat_id={chat}", jobId, chatId)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange();
    }

    private String submit(String chatId) {
        return (String) client().post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source_code", "print(3)", "chat_id", chatId)).exchange().expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody().get("job_id");
    }

    private double openStreams() {
        return registry.get("code.interpreter.event.streams.open").gauge().value();
    }

    private double refusals(String reason) {
        return registry.get("code.interpreter.event.stream.refusals").tag("reason", reason).counter().count();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20))
                .build();
    }
}
