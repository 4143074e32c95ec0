package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The broker stopped and started again (same port, same data) while sync and async calls are in flight, under an api
 * and a worker that are JVMs of their own. Every accepted async job ends succeeded, run once; every sync call either
 * succeeds or gets a retriable error naming its job, which then ends; nothing stays queued or running.
 */
class KafkaRestartIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final int CALLS_PER_WAVE = 3;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoJobWhenTheBrokerRestartsUnderLoad() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the worker runs bubblewrap");
        ExecutorService callers = Executors.newFixedThreadPool(4 * CALLS_PER_WAVE);
        try (FaultInfrastructure infra = FaultInfrastructure.start(dir)) {
            FaultInfrastructure.Api api = infra.startApi("api-kafka-restart", Map.of());
            infra.startWorker(2).awaitStarted();
            WebTestClient client = api.awaitStarted().client();
            List<CompletableFuture<Call>> calls = new ArrayList<>();

            wave(calls, callers, client, "before");
            JobPolls.awaitStatus(client, JobPolls.submit(client, "kafka-first", program("first")), "kafka-first",
                    Set.of("running", "succeeded"), Duration.ofMinutes(1));
            infra.kafka().stop();
            wave(calls, callers, client, "during");
            infra.kafka().start();
            wave(calls, callers, client, "after");

            List<Call> ended = new ArrayList<>();
            for (CompletableFuture<Call> call : calls) {
                ended.add(call.get(3, TimeUnit.MINUTES));
            }
            ended.forEach(call -> System.out.printf("KafkaRestartIT: %s %s -> %d %s%n", call.kind(), call.chatId(),
                    call.status(), call.body()));
            for (Call call : ended) {
                check(infra, client, call);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private void check(FaultInfrastructure infra, WebTestClient client, Call call) {
        if (call.status() == 200 || call.status() == 202) {
            if (call.kind().equals("async")) {
                String jobId = (String) call.body().get("job_id");
                Map<String, Object> job = JobPolls.awaitEnd(client, jobId, call.chatId(), Duration.ofMinutes(2));
                assertThat(job).as("%s", call).containsEntry("status", "succeeded");
                assertThat(JobPolls.result(job)).containsEntry("stdout", call.chatId() + "\n");
                assertThat(infra.attemptOf(jobId)).as("%s ran once", call).isEqualTo("1");
            } else {
                assertThat(call.body()).as("%s", call).containsEntry("stdout", call.chatId() + "\n");
            }
            return;
        }
        assertThat(call.status()).as("%s: a retriable error", call).isIn(503, 504);
        Object jobId = call.body().get("job_id");
        if (jobId != null) {
            assertThat(JobPolls.awaitEnd(client, (String) jobId, call.chatId(), Duration.ofMinutes(2)))
                    .as("%s ends", call).containsKey("status");
        }
    }

    private static void wave(List<CompletableFuture<Call>> calls, ExecutorService callers, WebTestClient client,
            String wave) {
        for (int i = 0; i < CALLS_PER_WAVE; i++) {
            String sync = "kafka-" + wave + "-sync-" + i;
            String async = "kafka-" + wave + "-async-" + i;
            calls.add(CompletableFuture.supplyAsync(() -> call(client, "sync", "/v1/execute", sync), callers));
            calls.add(CompletableFuture.supplyAsync(() -> call(client, "async", "/v1/jobs", async), callers));
        }
    }

    private static Call call(WebTestClient client, String kind, String path, String chatId) {
        EntityExchangeResult<Map<String, Object>> result = client.post().uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", program(chatId))).exchange()
                .expectBody(JSON_OBJECT).returnResult();
        return new Call(kind, chatId, result.getStatus().value(), result.getResponseBody());
    }

    private static String program(String output) {
        return "import time\ntime.sleep(1)\nprint('" + output + "')";
    }

    private record Call(String kind, String chatId, int status, Map<String, Object> body) {
    }
}
