package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@code /v1/execute} contract, end to end: HTTP → Kafka → worker → bubblewrap sandbox → back. */
class ExecuteApiIT {

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldReturnExactStdoutWhenCodePrints() {
        Map<String, Object> response = execute(Map.of("source_code", "print(21 * 2)", "chat_id", "chat-print"));

        assertThat(response).containsEntry("stdout", "42\n").containsEntry("stderr", "").containsEntry("exit_code", 0)
                .containsEntry("chat_id", "chat-print").containsEntry("files", Map.of());
        assertThat((String) response.get("job_id")).isNotBlank();
    }

    @Test
    void shouldRecordTheJobAsSucceededWhenItRan() {
        Map<String, Object> response = execute(Map.of("source_code", "print('x')", "chat_id", "chat-record"));

        JobRecord job = TestStack.get().apiBean(JobStore.class).find((String) response.get("job_id")).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.chatId()).isEqualTo("chat-record");
        assertThat(job.startedAt()).isNotNull();
        assertThat(job.finishedAt()).isAfterOrEqualTo(job.startedAt());
        assertThat(job.result().stdout()).isEqualTo("x\n");
    }

    @Test
    void shouldReturnAFileWrittenInOneRunAndReadItBackInTheNextByHash() {
        Map<String, Object> first = execute(Map.of("chat_id", "chat-files", "source_code", """
                import os
                os.makedirs('out/deep', exist_ok=True)
                open('out/deep/data.csv', 'w').write('a,b\\n1,2\\n')
                """));
        @SuppressWarnings("unchecked")
        Map<String, String> files = (Map<String, String>) first.get("files");
        String hash = files.get("/workspace/out/deep/data.csv");
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(first.get("files_metadata")).isEqualTo(Map.of("/workspace/out/deep/data.csv",
                nullMetadata()));

        Map<String, Object> second = execute(Map.of("chat_id", "chat-files",
                "files", Map.of("/workspace/in/data.csv", hash),
                "source_code", "print(open('/workspace/in/data.csv').read(), end='')"));

        assertThat(second).containsEntry("stdout", "a,b\n1,2\n").containsEntry("files", Map.of());
    }

    @Test
    void shouldReturnAnInputFileOnlyWhenTheRunChangedIt() {
        String hash = fileHashOf("chat-change", "keep.txt", "original");

        Map<String, Object> response = execute(Map.of("chat_id", "chat-change",
                "files", Map.of("/workspace/keep.txt", hash, "/workspace/edit.txt", hash),
                "source_code", "open('edit.txt', 'a').write(' edited')"));

        @SuppressWarnings("unchecked")
        Map<String, String> files = (Map<String, String>) response.get("files");
        assertThat(files).containsOnlyKeys("/workspace/edit.txt");
        assertThat(files.get("/workspace/edit.txt")).isNotEqualTo(hash);
    }

    @Test
    void shouldApplyDownloadLimitAndExpiryToOutputFiles() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-limits", "max_downloads", 3,
                "expires_in", "2h", "source_code", "open('r.txt', 'w').write('r')"));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> metadata = (Map<String, Map<String, Object>>) response.get("files_metadata");
        assertThat(metadata.get("/workspace/r.txt")).containsEntry("remaining_downloads", 3);
        assertThat((String) metadata.get("/workspace/r.txt").get("expires_at"))
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    }

    @Test
    void shouldStoreNothingWhenWorkspaceIsNotPersistent() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-ephemeral", "persistent_workspace", false,
                "source_code", "open('x.txt', 'w').write('x')"));

        assertThat(response).containsEntry("files", Map.of()).containsEntry("files_metadata", Map.of());
    }

    @Test
    void shouldPassEnvToTheProgram() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-env", "env", Map.of("GREETING", "hello",
                "lower_case", "ok"), "source_code", "import os; print(os.environ['GREETING'], os.environ['lower_case'])"));

        assertThat(response).containsEntry("stdout", "hello ok\n");
    }

    @Test
    void shouldReturnNonZeroExitWithTracebackAs200() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-error",
                "source_code", "print('before')\nraise ValueError('broken')"));

        assertThat(response).containsEntry("exit_code", 1).containsEntry("stdout", "before\n");
        assertThat((String) response.get("stderr")).contains("Traceback (most recent call last)")
                .contains("ValueError: broken");
    }

    @Test
    void shouldKillTheProgramAndKeepPartialOutputWhenItTimesOut() {
        long started = System.nanoTime();
        Map<String, Object> response = execute(Map.of("chat_id", "chat-timeout", "timeout", 1,
                "source_code", "import time\nprint('started', flush=True)\ntime.sleep(60)"));

        assertThat(response).containsEntry("exit_code", -1).containsEntry("stdout", "started\n");
        assertThat((String) response.get("stderr")).endsWith("Execution timed out\n");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(20_000);
    }

    @Test
    void shouldTruncateOutputOverTheLimitWithAMarker() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-flood",
                "source_code", "import sys\nsys.stdout.write('x' * 3_000_000)"));

        String stdout = (String) response.get("stdout");
        long omitted = 3_000_000 - 1024 * 1024;
        assertThat(stdout).startsWith("xxxx").endsWith("\n[output truncated: " + omitted + " bytes omitted]\n");
        assertThat(stdout.length()).isLessThan(1024 * 1024 + 100);
    }

    @Test
    void shouldKeepUnicodeIntactBothWays() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-unicode", "env", Map.of("WORD", "žluťoučký"),
                "source_code", "import os\nprint('héllo ✓ 日本 🐍', os.environ['WORD'])"));

        assertThat(response).containsEntry("stdout", "héllo ✓ 日本 🐍 žluťoučký\n");
    }

    @Test
    void shouldAcceptCamelCaseAliasesAndARequestBodyWrapper() {
        Map<String, Object> response = execute(Map.of("requestBody", Map.of("sourceCode", "print('wrapped')",
                "chatId", "chat-alias", "persistentWorkspace", true, "timeoutSeconds", 30)));

        assertThat(response).containsEntry("stdout", "wrapped\n").containsEntry("chat_id", "chat-alias");
    }

    @Test
    void shouldSavePlotPngWhenMatplotlibShows() {
        Map<String, Object> response = execute(Map.of("chat_id", "chat-plot", "source_code", """
                import matplotlib.pyplot as plt
                plt.plot([1, 2, 3], [1, 4, 9])
                plt.show()
                """));

        assertThat(response).containsEntry("exit_code", 0);
        assertThat(TestHttp.files(response)).containsKey("/workspace/plot.png");
    }

    @Test
    void shouldRunManyJobsConcurrently() {
        List<Map<String, Object>> responses = reactor.core.publisher.Flux.range(0, 8)
                .flatMap(i -> client.post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("chat_id", "chat-many", "source_code", "print(" + i + " * 3)"))
                        .exchange().returnResult(Map.class).getResponseBody().next()
                        .map(body -> (Map<String, Object>) body), 8)
                .collectList().block();

        assertThat(responses).extracting(r -> r.get("stdout")).containsExactlyInAnyOrder("0\n", "3\n", "6\n", "9\n",
                "12\n", "15\n", "18\n", "21\n");
    }

    @Test
    void shouldFindTheDataStackAlreadyImportedWhenTheProgramStarts() {
        assumeFalse("fresh".equals(System.getProperty("e2e.executor-mode")), "fresh sandboxes preload nothing");
        Map<String, Object> response = execute(Map.of("chat_id", "preloaded", "source_code", """
                import sys
                print([m for m in ('numpy', 'pandas', 'matplotlib.pyplot') if m not in sys.modules])
                import pandas as pd
                print(pd.Series([1, 2, 3]).sum(), __name__, sys.argv)
                """));

        assertThat(response).containsEntry("stdout", "[]\n6 __main__ ['/tmp/main.py']\n").containsEntry("stderr", "");
    }

    @Test
    void shouldRunAJobWhileAnotherOneIsStillRunning() throws Exception {
        CompletableFuture<Map<String, Object>> slow = CompletableFuture.supplyAsync(() -> TestHttp.post(client,
                "/v1/execute", Map.of("chat_id", "slow-chat", "source_code",
                        "import subprocess; subprocess.run(['sleep', '8.1818']); print('slow')"), 200));
        await().atMost(Duration.ofSeconds(30)).until(() -> !HostProcesses.withCommandLine("sleep", "8.1818").isEmpty()
                || slow.isDone());

        Map<String, Object> quick = TestHttp.post(client, "/v1/execute",
                Map.of("chat_id", "quick-chat", "source_code", "print('quick')"), 200);

        assertThat(quick).containsEntry("stdout", "quick\n");
        assertThat(slow).as("the quick job did not wait for the slow one").isNotDone();
        assertThat(slow.get(60, TimeUnit.SECONDS)).containsEntry("stdout", "slow\n");
    }

    private Map<String, Object> execute(Map<String, Object> body) {
        return TestHttp.post(client, "/v1/execute", body, 200);
    }

    private String fileHashOf(String chatId, String name, String content) {
        Map<String, Object> response = execute(Map.of("chat_id", chatId,
                "source_code", "open('" + name + "', 'w').write('" + content + "')"));
        return (TestHttp.files(response)).get("/workspace/" + name).toString();
    }

    private static Map<String, Object> nullMetadata() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("remaining_downloads", null);
        metadata.put("expires_at", null);
        return metadata;
    }
}
