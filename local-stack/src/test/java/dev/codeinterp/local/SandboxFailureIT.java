package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A sandbox that dies under a job ends the job as failed with a clear reason, and the service goes on. */
class SandboxFailureIT {

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldFailTheJobClearlyWhenItsSandboxDies() {
        CompletableFuture<Map<String, Object>> pending = CompletableFuture.supplyAsync(() -> TestHttp.post(client,
                "/v1/execute", Map.of("chat_id", "chat-crash", "source_code",
                        "import subprocess\nsubprocess.run(['sleep', '3137'])"), 500));
        ProcessHandle sleeper = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> HostProcesses.withCommandLine("sleep", "3137").stream().findFirst(), Optional::isPresent)
                .orElseThrow();

        sandboxOf(sleeper).destroyForcibly();
        Map<String, Object> problem = pending.join();

        assertThat((String) problem.get("detail")).startsWith("Execution failed: Sandbox failed");
        List<String> running = TestStack.get().apiBean(JobStore.class).findRunningPastDeadline(
                java.time.Instant.now().plus(Duration.ofDays(1)), 100);
        assertThat(running).isEmpty();
        Map<String, Object> next = TestHttp.post(client, "/v1/execute",
                Map.of("chat_id", "chat-crash", "source_code", "print('still fine')"), 200);
        assertThat(next).containsEntry("stdout", "still fine\n");
        assertThat(TestStack.get().apiBean(JobStore.class).find((String) next.get("job_id")).orElseThrow().status())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    /** The outermost bubblewrap process above {@code process}. */
    private static ProcessHandle sandboxOf(ProcessHandle process) {
        ProcessHandle sandbox = null;
        for (Optional<ProcessHandle> p = Optional.of(process); p.isPresent(); p = p.get().parent()) {
            if (p.get().info().command().map(c -> c.endsWith("bwrap")).orElse(false)) {
                sandbox = p.get();
            }
        }
        assertThat(sandbox).as("bubblewrap ancestor").isNotNull();
        return sandbox;
    }
}
