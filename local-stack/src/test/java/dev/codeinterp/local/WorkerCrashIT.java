package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.codeinterp.common.infra.redis.JobKeys;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A second worker, as a separate JVM sharing the stack's broker, Redis and S3, stopped in the middle of a job. Killed
 * with SIGKILL, its jobs are redelivered to the stack's own worker, which takes them over once their leases lapse,
 * and each job ends once, succeeded. Stopped with SIGTERM, it finishes its running job itself before it exits.
 */
class WorkerCrashIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timed_out", "cancelled", "expired");
    /** It sleeps in a sleep process, which the host sees whatever the executor mode. */
    private static final String PROGRAM = "import subprocess\nsubprocess.run(['sleep', '4'])\nprint('done')";

    private final WebTestClient client = TestStack.client();

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryJobOfAKilledWorkerAgainAndEndEachOnce() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the second worker runs bubblewrap");
        try (ServiceJvm worker = startSecondWorker()) {
            List<String> jobIds = submitUntilItRunsOne(worker, "crash-");

            worker.process().destroyForcibly().waitFor();

            StringRedisTemplate redis = TestStack.get().apiBean(StringRedisTemplate.class);
            List<String> attempts = new ArrayList<>();
            for (int i = 0; i < jobIds.size(); i++) {
                Map<String, Object> job = awaitEnd(jobIds.get(i), "crash-" + i);
                assertThat(job).as(jobIds.get(i)).containsEntry("status", "succeeded");
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) job.get("result");
                assertThat(result).containsEntry("stdout", "done\n");
                attempts.add((String) redis.opsForHash().get(JobKeys.record(jobIds.get(i)), "attempt"));
            }
            assertThat(attempts).as("the killed worker's job ran again, as attempt 2").contains("2")
                    .allMatch(attempt -> attempt.equals("1") || attempt.equals("2"));
        }
    }

    @Test
    void shouldFinishTheRunningJobBeforeExitingWhenStoppedWithSigterm() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the second worker runs bubblewrap");
        try (ServiceJvm worker = startSecondWorker()) {
            List<String> jobIds = submitUntilItRunsOne(worker, "drain-");

            assertThat(worker.stop(Duration.ofMinutes(2))).isTrue();
            assertThat(worker.log()).contains("Worker stopped: every running job finished");
            StringRedisTemplate redis = TestStack.get().apiBean(StringRedisTemplate.class);
            for (int i = 0; i < jobIds.size(); i++) {
                assertThat(awaitEnd(jobIds.get(i), "drain-" + i)).containsEntry("status", "succeeded");
                assertThat(redis.opsForHash().get(JobKeys.record(jobIds.get(i)), "attempt"))
                        .as("run once, by the worker that took it").isEqualTo("1");
            }
        }
    }

    /** Submits jobs of distinct chats (spread over the partitions) until the worker runs one of them. */
    private List<String> submitUntilItRunsOne(ServiceJvm worker, String chatPrefix) {
        worker.awaitStarted();
        List<String> jobIds = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            jobIds.add(submit(chatPrefix + jobIds.size()));
            worker.liveLog();
            return runsAProgram(worker.process());
        });
        return jobIds;
    }

    private ServiceJvm startSecondWorker() throws IOException {
        // its sandboxes run as uids of their own and reach the agent's files through this directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> properties = new LinkedHashMap<>(
                EmbeddedInfrastructure.shared().springProperties());
        properties.putAll(Map.of(
                "app.executor-backend", "local",
                "app.worker-concurrency", "1",
                "app.executor-pod-queue-target-length", "1",
                "app.executor-host-uid-base", "270000",
                "app.executor-runtime-dir", dir.resolve("runtime").toString(),
                "app.file-size-limit", "64Mi"));
        return ServiceJvm.start(WorkerApplication.class, properties, dir);
    }

    /** Whether a program runs in one of the worker's sandboxes (its sleep process, seen from the host). */
    private static boolean runsAProgram(Process worker) {
        return worker.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep"));
    }

    private String submit(String chatId) {
        return (String) TestHttp.post(client, "/v1/jobs", Map.of("chat_id", chatId, "source_code", PROGRAM), 202)
                .get("job_id");
    }

    private Map<String, Object> awaitEnd(String jobId, String chatId) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange()
                        .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody(),
                        job -> TERMINAL.contains((String) job.get("status")));
    }
}
