package dev.codeinterp.worker.sandbox.local;

import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.concurrent.TimeUnit;
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

    @Test
    void shouldGiveTheNextJobACleanWorldWhenAJobPatchedModulesWroteFilesAndLeftThreadsAndProcesses()
            throws SandboxFailure {
        // given
        AgentReply dirty = run("""
                import json, subprocess, threading, time
                json.dumps = lambda *a, **k: 'patched'
                for path in ('/tmp/left', '/workspace/left', '/dev/shm/left'):
                    open(path, 'w').write('x')
                threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
                subprocess.Popen(['sleep', '600'], start_new_session=True)
                print(json.dumps({}))
                """);
        assertThat(dirty.stdout()).isEqualTo("patched\n");

        // when
        AgentReply next = run("""
                import json, os, threading
                print(json.dumps({'a': 1}), threading.active_count())
                print([p for p in ('/tmp/left', '/workspace/left', '/dev/shm/left') if os.path.exists(p)])
                print(sorted(open(f'/proc/{p}/comm').read().strip() for p in os.listdir('/proc') if p.isdigit()))
                """);

        // then
        assertThat(next.stderr()).isEmpty();
        assertThat(next.stdout()).isEqualTo("{\"a\": 1} 1\n[]\n['python3', 'python3']\n");
    }

    @Test
    void shouldSeeOnlyItsOwnProcessesFilesAndNoPrivilegeWhenAnotherJobRunsAtTheSameTime() throws Exception {
        // given: a job holding a secret in its workspace, still running
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<AgentReply> other = CompletableFuture.supplyAsync(() -> {
            try (SandboxSession sandbox = pool.lease()) {
                return sandbox.run(new AgentRequest(1, """
                        import time
                        open('/workspace/secret-of-the-other-job', 'w').write('s3cret')
                        print('other', flush=True)
                        time.sleep(4)
                        """, Map.of(), 10_000, 64 * 1024, true, List.of(), AgentRequest.Limits.none(), true),
                        List.of(), (entry, content) -> { }, (stream, text) -> started.complete(null));
            } catch (SandboxFailure e) {
                throw new IllegalStateException(e);
            }
        });
        started.get(SETTLE.toSeconds(), TimeUnit.SECONDS);

        // when
        AgentReply reply = run("""
                import os
                print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()), os.getpid())
                found = [os.path.join(d, f) for d, _, fs in os.walk('/') if not d.startswith('/proc')
                         for f in fs if 'secret-of' in f]
                print(found)
                status = dict(line.split(':', 1) for line in open('/proc/self/status').read().splitlines())
                print(os.getuid(), os.uname().nodename, status['CapEff'].strip(), status['CapBnd'].strip(),
                      status['NoNewPrivs'].strip(), status['Seccomp'].strip())
                print(os.listdir('/run/zygote'), os.listdir('/run/sandbox'))
                """);

        // then
        assertThat(reply.stderr()).isEmpty();
        // only its own agent (PID 1) and itself: neither the zygote nor the other job
        assertThat(reply.stdout()).isEqualTo("[1, 2] 2\n[]\n1000 sandbox 0000000000000000 "
                + "0000000000000000 1 2\n[] []\n");
        assertThat(other.get().stdout()).isEqualTo("other\n");
    }

    @Test
    void shouldKeepServingWhenAJobKillsItsPid1AndForksUntilItsProcessCapHolds() throws SandboxFailure {
        // given
        AgentReply bomb;
        try (SandboxSession sandbox = pool.lease()) {
            bomb = sandbox.run(new AgentRequest(1, """
                    import os, signal
                    os.kill(1, signal.SIGKILL)
                    n = 0
                    try:
                        while True:
                            if os.fork() == 0:
                                signal.pause()
                            n += 1
                    except OSError as e:
                        print('refused after', n > 0, e.strerror)
                    """, Map.of(), 10_000, 64 * 1024, false, List.of(),
                    new AgentRequest.Limits(null, null, 30L, null, null)), List.of(), (entry, content) -> { });
        }
        assertThat(bomb.stdout()).isEqualTo("refused after True Resource temporarily unavailable\n");

        // when
        AgentReply next = run("print('still serving')");

        // then
        assertThat(next.stdout()).isEqualTo("still serving\n");
    }

    @Test
    void shouldBoundWorkspaceTmpAndShmTogetherWhenAJobSpreadsOverThem() throws SandboxFailure {
        AgentReply reply = run("""
                chunk = b'x' * (1 << 20)
                written = 0
                try:
                    for path in ('/dev/shm/a', '/tmp/b', '/workspace/c'):
                        with open(path, 'wb') as f:
                            for _ in range(40):
                                f.write(chunk)
                                f.flush()
                                written += 1
                except OSError as e:
                    print(e.strerror, written <= 64)
                """);

        assertThat(reply.stdout()).isEqualTo("No space left on device True\n");
    }

    @Test
    void shouldEndTheJobAndItsProcessesWhenTheHostKillsIt() throws Exception {
        // given
        SandboxSession sandbox = pool.lease();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                sandbox.run(request("""
                        import subprocess
                        subprocess.Popen(['sleep', '600'])
                        print('spinning-job', flush=True)
                        while True:
                            pass
                        """, List.of()), List.of(), (entry, content) -> { });
            } catch (SandboxFailure e) {
                // killed below
            }
        });
        await().atMost(SETTLE).until(() -> processesNamed("sleep").size() == 1);

        // when
        sandbox.kill();
        sandbox.close();

        // then
        running.get();
        await().atMost(SETTLE).until(() -> processesNamed("sleep").isEmpty());
    }

    @Test
    void shouldStartAnotherZygoteWhenTheZygoteDied() throws SandboxFailure {
        // given
        Set<Long> zygotes = processesNamed("bwrap");
        assertThat(zygotes).hasSize(1);
        zygotes.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        await().atMost(SETTLE).until(() -> processesNamed("bwrap").stream().noneMatch(zygotes::contains));

        // when
        AgentReply reply = run("print('served by a new zygote')");

        // then
        assertThat(reply.stdout()).isEqualTo("served by a new zygote\n");
        assertThat(processesNamed("bwrap")).hasSize(1).doesNotContainAnyElementsOf(zygotes);
    }

    @Test
    void shouldRefuseToStartSayingWhyWhenTheHostDeniesNestedUserNamespaces() throws IOException {
        // given: a bubblewrap that always adds --disable-userns, as on hosts that deny nested user namespaces
        Path bwrap = tempDir.resolve("bwrap-without-nested-user-namespaces");
        Files.writeString(bwrap, "#!/bin/sh\nexec " + BWRAP + " --disable-userns \"$@\"\n");
        Files.setPosixFilePermissions(bwrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentRuntime runtime = AgentRuntime.installIn(tempDir.resolve("runtime-" + UUID.randomUUID()), PYTHON, 1000,
                1000);
        ZygoteCommand denied = new ZygoteCommand(new BubblewrapCommand(bwrap.toString(), PYTHON, runtime,
                WORKSPACE_BYTES, TMP_BYTES, 1000, 1000, false), List.of("json"));

        // when
        try (ZygoteSandboxStarter starter = new ZygoteSandboxStarter(denied, HOST_UIDS, AGENT)) {

            // then
            assertThatThrownBy(starter::check).isInstanceOf(SandboxFailure.class)
                    .hasMessageContaining("The zygote did not start")
                    .hasMessageContaining("this host denies nested user namespaces");
        }
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

    /** This class's sandbox processes whose command name is {@code name}. */
    private static Set<Long> processesNamed(String name) {
        return sandboxProcesses().stream().filter(pid -> read(pid, "comm").strip().equals(name))
                .collect(Collectors.toSet());
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
