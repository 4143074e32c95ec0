package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Programs that try to exhaust a resource end with a readable failure, and the next execution runs normally. */
@Tag("security")
class ResourceLimitsIT {

    private final WebTestClient client = TestStack.client();

    @AfterEach
    void nextExecutionRunsNormally() {
        assertThat(run(Map.of("source_code", "print('next')"))).containsEntry("stdout", "next\n")
                .containsEntry("exit_code", 0).containsEntry("stderr", "");
    }

    @Test
    void shouldRefuseForksPastTheProcessLimitWhenAProgramForksWithoutEnd() {
        Map<String, Object> response = run(Map.of("source_code", """
                import os, signal
                n = 0
                try:
                    while True:
                        if os.fork() == 0:
                            signal.pause()
                        n += 1
                except OSError as e:
                    print(n < %d, e.strerror)
                """.formatted(TestStack.MAX_PROCESSES)));

        assertThat(response).containsEntry("stdout", "True Resource temporarily unavailable\n")
                .containsEntry("exit_code", 0);
    }

    @Test
    void shouldKillSomeOfAJobsProcessesWhenTogetherTheyPassTheSandboxMemoryCapThoughEachIsUnderItsOwnLimit() {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")),
                "executor pods are capped by their container's limits");
        // ten processes of 200 MiB each (RLIMIT_DATA: 1 GiB each) against the sandbox's cgroup: 1 GiB + 64 MiB of
        // workspace + 512 MiB of /tmp = 1600 MiB for all of them together
        Map<String, Object> response = run(Map.of("timeout", 60, "source_code", """
                import os, select, signal
                r, w = os.pipe()
                children = set()
                for _ in range(10):
                    pid = os.fork()
                    if pid == 0:
                        block = bytearray(200 << 20)
                        for i in range(0, len(block), 4096):
                            block[i] = 1
                        os.write(w, b'%d\\n' % os.getpid())
                        signal.pause()
                    children.add(pid)
                held, died, pending = set(), set(), b''
                while held | died != children:
                    if select.select([r], [], [], 0.05)[0]:
                        pending += os.read(r, 4096)
                        *lines, pending = pending.split(b'\\n')
                        held.update(int(line) for line in lines)
                    while (ended := os.waitpid(-1, os.WNOHANG))[0]:
                        died.add(ended[0])
                alive = held - died
                print('alive', len(alive), 'killed', len(died))
                for pid in alive:
                    os.kill(pid, signal.SIGKILL)
                """));

        // then: what the processes still alive hold fits in the cap; the others were killed
        assertThat(response).containsEntry("exit_code", 0);
        assertThat((String) response.get("stdout")).matches("alive [0-7] killed ([1-9]|10)\n");
    }

    @Test
    void shouldLetAnotherSandboxForkWhileOneHasExhaustedItsProcessLimit() throws Exception {
        CompletableFuture<Map<String, Object>> hog = CompletableFuture.supplyAsync(() -> run(Map.of("timeout", 30,
                "source_code", """
                import os, time
                try:
                    while True:
                        if os.fork() == 0:
                            os.execv('/usr/bin/sleep', ['sleep', '4343'])
                except OSError as e:
                    print(e.strerror, flush=True)
                time.sleep(15)
                """)));
        await().atMost(Duration.ofSeconds(60)).until(() -> hog.isDone()
                || HostProcesses.withCommandLine("sleep", "4343").size() >= TestStack.MAX_PROCESSES - 8);

        Map<String, Object> other = run(Map.of("source_code", """
                import os
                children = [os.fork() or os._exit(0) for _ in range(20)]
                print(sum(os.waitpid(pid, 0)[1] == 0 for pid in children))
                """));

        assertThat(other).containsEntry("stdout", "20\n").containsEntry("exit_code", 0);
        assertThat(HostProcesses.withCommandLine("sleep", "4343")).as("the first sandbox still holds its processes")
                .hasSizeGreaterThanOrEqualTo(TestStack.MAX_PROCESSES - 8);
        assertThat(hog.get(60, TimeUnit.SECONDS)).containsEntry("stdout", "Resource temporarily unavailable\n");
    }

    @Test
    void shouldEndAnExponentialForkBombAtTheWallTimeout() {
        Map<String, Object> response = run(Map.of("timeout", 3, "source_code", """
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """));

        assertThat(response).containsEntry("exit_code", -1);
        assertThat((String) response.get("stderr")).endsWith("Execution timed out\n");
    }

    @Test
    void shouldRaiseMemoryErrorWhenAProgramAllocatesPastTheMemoryLimit() {
        Map<String, Object> response = run(Map.of("source_code", "x = bytearray(4 << 30)"));

        assertThat(response).containsEntry("exit_code", 1);
        assertThat((String) response.get("stderr")).startsWith("Traceback").endsWith("MemoryError\n");
    }

    @Test
    void shouldRaiseMemoryErrorWhenAListGrowsPastTheMemoryLimit() {
        // bytes(n) is calloc'ed: pages are not touched, so the test does not depend on how fast this machine pages
        // in memory (touching 1 GiB takes it ~4 CPU seconds, more under load, and the CPU limit would end it first)
        Map<String, Object> response = run(Map.of("source_code", """
                chunks = []
                while True:
                    chunks.append(bytes(16 << 20))
                """));

        assertThat(response).containsEntry("exit_code", 1);
        assertThat((String) response.get("stderr")).endsWith("MemoryError\n");
    }

    @Test
    void shouldRefuseAFileLargerThanTheFileSizeLimitWithFileTooLarge() {
        Map<String, Object> response = run(Map.of("source_code", """
                try:
                    with open('/tmp/big', 'wb') as f:
                        while True:
                            f.write(bytes(1 << 20))
                except OSError as e:
                    print(e)
                """));

        assertThat(response).containsEntry("stdout", "[Errno 27] File too large\n").containsEntry("exit_code", 0);
    }

    @Test
    void shouldGiveNoSpaceLeftOnDeviceWhenAProgramFillsSharedMemoryWithManyFiles() {
        Map<String, Object> response = run(Map.of("source_code", """
                import itertools
                try:
                    for i in itertools.count():
                        with open(f'/dev/shm/fill-{i}', 'wb') as f:
                            f.write(bytes(16 << 20))
                except OSError as e:
                    print(e.strerror)
                """));

        assertThat(response).containsEntry("stdout", "No space left on device\n");
    }

    @Test
    void shouldStopABusyLoopAtTheCpuTimeLimitBeforeItsWallTimeout() {
        long started = System.nanoTime();
        Map<String, Object> response = run(Map.of("timeout", 60, "source_code", "while True:\n    pass"));

        assertThat(response).containsEntry("exit_code", -24).containsEntry("stderr",
                "Process killed by signal 24 (SIGXCPU): CPU time limit exceeded (%d s)\n"
                        .formatted(TestStack.CPU_TIME_LIMIT_SECONDS));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldKillAProgramSleepingPastTheWallTimeout() {
        Map<String, Object> response = run(Map.of("timeout", 1, "source_code", "import time\ntime.sleep(600)"));

        assertThat(response).containsEntry("exit_code", -1).containsEntry("stderr", "Execution timed out\n");
    }

    @Test
    void shouldTruncateAHundredMegabytePrintFloodAndEndFast() {
        long started = System.nanoTime();
        Map<String, Object> response = run(Map.of("source_code", """
                import sys
                line = 'x' * 1023 + '\\n'
                for _ in range(100 * 1024):
                    sys.stdout.write(line)
                """));

        String stdout = (String) response.get("stdout");
        assertThat(stdout.length()).isLessThan(2 * 1024 * 1024);
        assertThat(stdout).endsWith("bytes omitted]\n").contains("[output truncated: ");
        assertThat(response).containsEntry("exit_code", 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private Map<String, Object> run(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("chat_id", "limits");
        return TestHttp.post(client, "/v1/execute", body, 200);
    }
}
