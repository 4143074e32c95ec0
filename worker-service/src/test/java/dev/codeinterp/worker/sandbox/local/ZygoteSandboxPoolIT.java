package dev.codeinterp.worker.sandbox.local;

import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InMemoryInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool on the zygote, with real bubblewrap, the real zygote and agent: jobs run in children forked from one
 * preloaded Python, each in namespaces and filesystems of its own. One pool serves every test, as a worker's does.
 */
class ZygoteSandboxPoolIT {

    private static final String BWRAP = "/usr/bin/bwrap";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int TARGET = 2;
    private static final long WORKSPACE_BYTES = 48L * 1024 * 1024;
    private static final long TMP_BYTES = 16L * 1024 * 1024;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Own range of this class (other tests on this host use others); none when not root. */
    private static final HostUids HOST_UIDS = HostUids.workerIsRoot() ? new HostUids(214_000, 8) : null;

    @TempDir
    static Path tempDir;

    private static Path runtimeDir;
    private static LocalSandboxPool pool;
    private static final AgentClient AGENT = new AgentClient();

    @BeforeAll
    static void startPool() throws IOException, SandboxFailure {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        runtimeDir = tempDir.resolve("runtime-" + UUID.randomUUID());
        AgentRuntime runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
        BubblewrapCommand command = new BubblewrapCommand(BWRAP, PYTHON, runtime, WORKSPACE_BYTES, TMP_BYTES, 1000,
                1000, false);
        ZygoteCommand zygote = new ZygoteCommand(command, List.of("numpy", "pandas", "json", "no_such_module"));
        pool = new LocalSandboxPool(new ZygoteSandboxStarter(zygote, HOST_UIDS, AGENT), AGENT, TARGET, 2);
        pool.start();
        await().atMost(SETTLE).until(() -> pool.readyCount() == TARGET);
    }

    @AfterAll
    static void closePool() {
        pool.close();
        await().atMost(SETTLE).until(() -> sandboxProcesses().isEmpty());
    }

    @Test
    void shouldRunJobWithInputAndOutputFilesWhenLeased() throws SandboxFailure {
        // given
        String code = """
                import os
                data = open('/workspace/in.txt').read()
                print('hello from the zygote')
                os.makedirs('/workspace/out')
                open('/workspace/out/upper.txt', 'w').write(data.upper())
                """;
        Map<String, String> outputs = new LinkedHashMap<>();

        // when
        AgentReply reply;
        try (SandboxSession sandbox = pool.lease()) {
            reply = sandbox.run(request(code, List.of(new AgentRequest.FileEntry("/workspace/in.txt", 3))),
                    List.of(new InMemoryInput("/workspace/in.txt", utf8("abc"))),
                    (entry, content) -> outputs.put(entry.path(),
                            new String(content.readAllBytes(), StandardCharsets.UTF_8)));
        }

        // then
        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.stdout()).isEqualTo("hello from the zygote\n");
        assertThat(reply.exitCode()).isZero();
        assertThat(outputs).containsExactly(Map.entry("/workspace/out/upper.txt", "ABC"));
    }

    @Test
    void shouldFindPreloadedModulesAlreadyImportedWhenJobStarts() throws SandboxFailure {
        AgentReply reply = run("""
                import sys
                print(sorted(m for m in ('numpy', 'pandas', 'json') if m in sys.modules))
                import pandas as pd, numpy as np
                print(pd.DataFrame({'a': np.arange(4)}).a.sum())
                """);

        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.stdout()).isEqualTo("['json', 'numpy', 'pandas']\n6\n");
    }

    private static AgentReply run(String code) throws SandboxFailure {
        try (SandboxSession sandbox = pool.lease()) {
            return sandbox.run(request(code, List.of()), List.of(), (entry, content) -> { });
        }
    }

    private static AgentRequest request(String code, List<AgentRequest.FileEntry> files) {
        return new AgentRequest(1, code, Map.of(), 10_000, 64 * 1024, true, files, AgentRequest.Limits.none());
    }

    /** Every process of this class's sandboxes: the zygote's bubblewrap, and all that see its mounts. */
    private static Set<Long> sandboxProcesses() {
        String marker = runtimeDir.getFileName().toString();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf)
                    .filter(pid -> read(pid, "cmdline").contains(marker) || read(pid, "mountinfo").contains(marker))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
