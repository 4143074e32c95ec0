package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Redis stopped for 10 s (SIGTERM, then started again on its port from its append-only file) while jobs run, under an
 * api and a worker that are JVMs of their own. Meanwhile the api answers 503 with {@code Retry-After} (and its
 * readiness 503, its liveness 200); afterwards new
 * calls succeed with nothing restarted, and the jobs that were running each end once. Down longer than the worker's
 * retries last, the jobs are handed back and run again, once, when Redis is back.
 */
class RedisOutageIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** Longer than a worker's retries of one job-store call (about 20 s with the 2 s command timeout). */
    private static final Duration LONG_OUTAGE = Duration.ofSeconds(35);
    private static final String PROGRAM = "import time\ntime.sleep(5)\nprint('done')";

    @TempDir
    Path dir;

    @Test
    void shouldAnswer503DuringARedisOutageAndRecoverUnaidedWithEveryRunningJobEndedOnce() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the worker runs bubblewrap");
        try (FaultInfrastructure infra = FaultInfrastructure.start(dir)) {
            FaultInfrastructure.Api api = infra.startApi("api-redis-outage", Map.of());
            ServiceJvm worker = infra.startWorker(2).awaitStarted();
            WebTestClient client = api.awaitStarted().client();
            List<String> jobIds = List.of(JobPolls.submit(client, "outage-0", PROGRAM),
                    JobPolls.submit(client, "outage-1", PROGRAM));
            for (int i = 0; i < jobIds.size(); i++) {
                JobPolls.awaitStatus(client, jobIds.get(i), "outage-" + i, Set.of("running"), Duration.ofMinutes(1));
            }

            long stoppedAt = System.nanoTime();
            infra.stopRedis();
            EntityExchangeResult<Map<String, Object>> during = execute(client, "during-outage");
            EntityExchangeResult<Map<String, Object>> read = client.get()
                    .uri("/v1/jobs/{id}?chat_id=outage-0", jobIds.get(0)).exchange().expectBody(JSON_OBJECT)
                    .returnResult();
            // alive, but not ready: a load balancer sends it nothing until Redis answers again
            client.get().uri("/livez").exchange().expectStatus().isOk();
            client.get().uri("/readyz").exchange().expectStatus().isEqualTo(503);
            // the fault itself lasts 10 s: nothing to await
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
            infra.startRedis();
            long restartedAt = System.nanoTime();

            for (EntityExchangeResult<Map<String, Object>> unavailable : List.of(during, read)) {
                assertThat(unavailable.getStatus().value()).isEqualTo(503);
                assertThat(unavailable.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
                assertThat(unavailable.getResponseHeaders().getContentType().toString())
                        .contains("application/problem+json");
                assertThat((String) unavailable.getResponseBody().get("detail")).isNotBlank();
            }
            Map<String, Object> after = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> execute(client, "after-outage"), r -> r.getStatus().value() == 200)
                    .getResponseBody();
            System.out.printf("RedisOutageIT: the api served again %d ms after Redis was back%n",
                    Duration.ofNanos(System.nanoTime() - restartedAt).toMillis());
            assertThat(after).containsEntry("stdout", "42\n");
            client.get().uri("/readyz").exchange().expectStatus().isOk();
            for (int i = 0; i < jobIds.size(); i++) {
                Map<String, Object> job = JobPolls.awaitEnd(client, jobIds.get(i), "outage-" + i,
                        Duration.ofMinutes(1));
                assertThat(job).as(jobIds.get(i)).containsEntry("status", "succeeded");
                assertThat(JobPolls.result(job)).containsEntry("stdout", "done\n");
                System.out.printf("RedisOutageIT: job %s ended as attempt %s%n", jobIds.get(i),
                        infra.attemptOf(jobIds.get(i)));
            }
            assertThat(worker.liveLog()).doesNotContain("could not be handled");
        }
    }

    @Test
    void shouldHandRunningJobsBackAndRunThemOnceWhenRedisStaysDownPastTheWorkersRetries() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the worker runs bubblewrap");
        try (FaultInfrastructure infra = FaultInfrastructure.start(dir)) {
            FaultInfrastructure.Api api = infra.startApi("api-long-redis-outage", Map.of());
            ServiceJvm worker = infra.startWorker(2).awaitStarted();
            WebTestClient client = api.awaitStarted().client();
            String jobId = JobPolls.submit(client, "long-outage", PROGRAM);
            JobPolls.awaitStatus(client, jobId, "long-outage", Set.of("running"), Duration.ofMinutes(1));

            infra.stopRedis();
            // the fault itself: nothing to await
            Thread.sleep(LONG_OUTAGE.toMillis());
            assertThat(worker.liveLog()).contains("handed back: the job store is unreachable");
            infra.startRedis();

            Map<String, Object> job = JobPolls.awaitEnd(client, jobId, "long-outage", Duration.ofMinutes(1));
            assertThat(job).containsEntry("status", "succeeded");
            assertThat(JobPolls.result(job)).containsEntry("stdout", "done\n");
            assertThat(infra.attemptOf(jobId)).as("run again, once, after attempt 1 was handed back").isEqualTo("2");
            assertThat(worker.liveLog()).doesNotContain("could not be handled");
        }
    }

    private static EntityExchangeResult<Map<String, Object>> execute(WebTestClient client, String chatId) {
        return client.post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", "print(6 * 7)")).exchange()
                .expectBody(JSON_OBJECT).returnResult();
    }
}
