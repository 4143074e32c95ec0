package dev.codeinterp.worker.sandbox.local;

import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InMemoryInput;
import dev.codeinterp.worker.sandbox.agent.InputContent;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool with real bubblewrap sandboxes and the real agent. Sandbox processes are found through /proc by the
 * runtime directory, which is unique to this class: bubblewrap's command line names it, and the agents inside see
 * it in their mount table.
 */
class LocalSandboxPoolIT {

    private static final String BWRAP = "/usr/bin/bwrap";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int TARGET = 2;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Own range of this class (other tests on this host use others); none when not root. */
    private static final int UID_BASE = 210_000;
    private static final int UID_COUNT = 16;
    private static final HostUids HOST_UIDS = HostUids.workerIsRoot() ? new HostUids(UID_BASE, UID_COUNT) : null;

    /**
     * Starts four daemons that outlive the program and ignore SIGTERM and SIGHUP, then returns once all run: each
     * double-forked into a session of its own, two also non-dumpable (the files under their /proc directory then show
     * root as owner).
     */
    private static final String DAEMONS = """
            import ctypes, os, signal
            PR_SET_DUMPABLE = 4
            def daemon(dumpable, ready):
                child = os.fork()
                if child:
                    os.waitpid(child, 0)
                    return
                os.setsid()
                if os.fork():
                    os._exit(0)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                if not dumpable:
                    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
                os.write(ready, b'x')
                while True:
                    signal.pause()
            r, w = os.pipe()
            pids = []
            for dumpable in (True, True, False, False):
                daemon(dumpable, w)
                pids.append(os.read(r, 1))
            """;

    @TempDir
    static Path tempDir;

    private static Path runtimeDir;
    private static AgentRuntime runtime;
    private static BubblewrapCommand command;

    private final AgentClient agent = new AgentClient();
    private LocalSandboxPool pool;

    @BeforeAll
    static void installAgent() throws IOException {
        // sandboxes started as other uids reach the runtime through it
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        runtimeDir = tempDir.resolve("runtime-" + UUID.randomUUID());
        runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
        command = new BubblewrapCommand(BWRAP, PYTHON, runtime, 64L * 1024 * 1024, 64L * 1024 * 1024, 1000, 1000,
                false);
    }

    @BeforeEach
    void startPool() throws SandboxFailure {
        pool = new LocalSandboxPool(new FreshSandboxStarter(command, HOST_UIDS, agent), agent, TARGET, 2);
        pool.start();
        await().atMost(SETTLE).until(() -> pool.readyCount() == TARGET);
    }

    @AfterEach
    void closePool() {
        pool.close();
        await().atMost(SETTLE).until(() -> sandboxProcesses().isEmpty());
    }

    @Test
    void shouldFillPoolToTargetWhenStarted() {
        assertThat(pool.readyCount()).isEqualTo(TARGET);
        assertThat(bubblewrapProcesses()).hasSize(TARGET);
        assertThat(sandboxProcesses()).as("bubblewrap, agent and launcher of each sandbox")
                .hasSize(3 * TARGET);
    }

    @Test
    void shouldLeaseDifferentLiveSandboxesWhenLeasedTwice() throws SandboxFailure {
        try (SandboxSession first = pool.lease(); SandboxSession second = pool.lease()) {
            assertThat(first).isNotSameAs(second);
            assertThat(pid(first)).isNotEqualTo(pid(second));
            assertThat(alive(first)).isTrue();
            assertThat(alive(second)).isTrue();
        }
    }

    @Test
    void shouldRunJobWithInputAndOutputFilesWhenLeasedSandboxExchanges() throws SandboxFailure {
        // given
        String code = """
                import os
                data = open('/workspace/in.txt').read()
                print('hello from the sandbox')
                os.makedirs('/workspace/out')
                open('/workspace/out/upper.txt', 'w').write(data.upper())
                """;
        byte[] input = utf8("abc");
        Map<String, String> outputs = new LinkedHashMap<>();

        // when
        AgentReply reply;
        try (SandboxSession sandbox = pool.lease()) {
            reply = sandbox.run(request(code, List.of(new AgentRequest.FileEntry("/workspace/in.txt", 3))),
                    List.of(input("/workspace/in.txt", input)),
                    (entry, content) -> outputs.put(entry.path(),
                            new String(content.readAllBytes(), StandardCharsets.UTF_8)));
        }

        // then
        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.stdout()).isEqualTo("hello from the sandbox\n");
        assertThat(reply.exitCode()).isZero();
        assertThat(reply.timedOut()).isFalse();
        assertThat(outputs).containsExactly(Map.entry("/workspace/out/upper.txt", "ABC"));
    }

    @Test
    void shouldKillSandboxAndRefillPoolToTargetWhenLeasedSandboxIsClosed() throws SandboxFailure {
        // given
        SandboxSession sandbox = pool.lease();
        long pid = pid(sandbox);
        assertThat(pool.readyCount()).isEqualTo(TARGET - 1);

        // when
        sandbox.close();

        // then
        await().atMost(SETTLE).until(() -> !alive(sandbox) && !bubblewrapProcesses().contains(pid));
        await().atMost(SETTLE).until(() -> pool.readyCount() == TARGET);
        assertThat(bubblewrapProcesses()).hasSize(TARGET).doesNotContain(pid);
    }

    @Test
    void shouldNotHandOutWarmSandboxWhenItDiedWhileIdle() throws SandboxFailure {
        // given: every warm sandbox is killed behind the pool's back
        Set<Long> warm = bubblewrapProcesses();
        assertThat(warm).hasSize(TARGET);
        warm.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        await().atMost(SETTLE).until(() -> warm.stream().noneMatch(bubblewrapProcesses()::contains));

        // when
        try (SandboxSession sandbox = pool.lease()) {

            // then
            assertThat(warm).doesNotContain(pid(sandbox));
            assertThat(alive(sandbox)).isTrue();
            AgentReply reply = sandbox.run(request("print(6 * 7)", List.of()), List.of(),
                    (entry, content) -> { });
            assertThat(reply.stdout()).isEqualTo("42\n");
        }
        await().atMost(SETTLE).until(() -> pool.readyCount() >= TARGET);
    }

    @Test
    void shouldLeaveNoSandboxProcessWhenPoolIsClosed() throws SandboxFailure {
        // given: a replacement is being started while the pool closes
        pool.lease().close();

        // when
        pool.close();

        // then
        await().atMost(SETTLE).until(() -> sandboxProcesses().isEmpty());
        assertThat(pool.readyCount()).isZero();
        assertThatThrownBy(() -> pool.lease()).isInstanceOf(SandboxFailure.class).hasMessageContaining("closed");
    }

    @Test
    void shouldRunEachSandboxAsItsOwnHostUidAsAChildOfThisJvmWhenWorkerIsRoot() throws SandboxFailure {
        assumeTrue(HOST_UIDS != null, "only root starts sandboxes as other uids");
        try (SandboxSession first = pool.lease(); SandboxSession second = pool.lease()) {
            long firstUid = realUid(pid(first));
            long secondUid = realUid(pid(second));

            assertThat(firstUid).isNotEqualTo(secondUid).isBetween((long) UID_BASE, (long) UID_BASE + UID_COUNT - 1);
            assertThat(secondUid).isBetween((long) UID_BASE, (long) UID_BASE + UID_COUNT - 1);
            // nice and setpriv exec: bubblewrap itself is this JVM's child, so --die-with-parent follows us
            assertThat(read(pid(first), "cmdline")).startsWith(BWRAP + " ");
            assertThat(ProcessHandle.of(pid(first)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
        }
    }

    @Test
    void shouldReturnHostUidOnlyWhenNoProcessOfItsSandboxIsLeft() throws SandboxFailure {
        assumeTrue(HOST_UIDS != null, "only root starts sandboxes as other uids");
        // given: a sandbox whose program leaves a daemon behind
        SandboxSession sandbox = pool.lease();
        int uid = (int) realUid(pid(sandbox));
        AgentReply reply = sandbox.run(request("""
                import subprocess
                subprocess.Popen(['sleep', '600'], start_new_session=True)
                print('started')
                """, List.of()), List.of(), (entry, content) -> { });
        assertThat(reply.stdout()).isEqualTo("started\n");

        // when
        sandbox.close();

        // then
        await().atMost(SETTLE).until(() -> HOST_UIDS.isFree(uid));
        assertThat(HostUids.processesOf(uid)).isEmpty();
    }

    @Test
    void shouldLeaveNoProcessOfItsUidWhenBubblewrapEndsAfterTheAgentExitsLeavingDaemons() throws Exception {
        assumeTrue(HOST_UIDS != null, "only root starts sandboxes as other uids");
        // given: a program that leaves daemons, each hiding differently, and whose agent then exits by itself
        SandboxSession sandbox = pool.lease();
        int uid = (int) realUid(pid(sandbox));
        CompletableFuture<List<Long>> leftAtExit = processesOfUidWhenBubblewrapExits(sandbox, uid);

        // when
        AgentReply reply = sandbox.run(request(DAEMONS + "print('daemons', len(pids))\n", List.of()), List.of(),
                (entry, content) -> { });

        // then
        assertThat(reply.stdout()).isEqualTo("daemons 4\n");
        assertThat(leftAtExit.get(SETTLE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(channel(sandbox).initReaped()).as("the uid came back without a look at /proc").isTrue();
        sandbox.close();
        await().atMost(SETTLE).until(() -> HOST_UIDS.isFree(uid));
    }

    @Test
    void shouldLeaveNoProcessOfItsUidWhenBubblewrapEndsAfterTheSandboxIsKilledMidJob() throws Exception {
        assumeTrue(HOST_UIDS != null, "only root starts sandboxes as other uids");
        // given: a job still running, with daemons that hide from a /proc owner check and ignore polite signals
        SandboxSession sandbox = pool.lease();
        int uid = (int) realUid(pid(sandbox));
        CompletableFuture<List<Long>> leftAtExit = processesOfUidWhenBubblewrapExits(sandbox, uid);
        Thread job = new Thread(() -> {
            try {
                sandbox.run(limited(DAEMONS + "print('daemons', len(pids), flush=True)\nimport time\ntime.sleep(600)\n",
                        AgentRequest.Limits.none(), 600_000), List.of(), (entry, content) -> { });
            } catch (SandboxFailure e) {
                // killed below
            }
        });
        job.start();
        // bubblewrap, the agent, the program and its four daemons, two of them non-dumpable (their /proc files show
        // as root's)
        await().atMost(SETTLE).until(() -> HostUids.processesOf(uid).size() == 7 && HostUids.processesOf(uid).stream()
                .filter(pid -> read(pid, "cmdline").contains("main.py") && statusOwner(pid) == 0).count() == 2);

        // when
        sandbox.kill();

        // then
        assertThat(leftAtExit.get(SETTLE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(channel(sandbox).initReaped()).as("the uid came back without a look at /proc").isTrue();
        job.join();
        sandbox.close();
        await().atMost(SETTLE).until(() -> HOST_UIDS.isFree(uid));
    }

    @Test
    void shouldLetAnotherSandboxForkWhenOneHasExhaustedItsProcessLimit() throws Exception {
        assumeTrue(HOST_UIDS != null, "per-sandbox process limits need a uid per sandbox");
        // given: one sandbox holds every process it may have
        AgentRequest.Limits limits = new AgentRequest.Limits(null, null, 20L, null, null);
        String forkUntilRefused = """
                import os, signal
                n = 0
                try:
                    while True:
                        if os.fork() == 0:
                            signal.pause()
                        n += 1
                except OSError as e:
                    print(n, e.strerror, flush=True)
                signal.pause()
                """;
        try (SandboxSession bomb = pool.lease(); SandboxSession other = pool.lease()) {
            int bombUid = (int) realUid(pid(bomb));
            Thread bombJob = new Thread(() -> {
                try {
                    bomb.run(limited(forkUntilRefused, limits, 30_000), List.of(), (entry, content) -> { });
                } catch (SandboxFailure e) {
                    // killed below
                }
            });
            bombJob.start();
            await().atMost(SETTLE).until(() -> HostUids.processesOf(bombUid).size() >= 20);

            // when
            AgentReply reply = other.run(limited("""
                    import os
                    pids = [os.fork() or os._exit(0) for _ in range(10)]
                    print(len([os.waitpid(p, 0) for p in pids]))
                    """, limits, 10_000), List.of(), (entry, content) -> { });

            // then
            assertThat(reply.stderr()).isEmpty();
            assertThat(reply.stdout()).isEqualTo("10\n");
            bomb.kill();
            bombJob.join();
        }
    }

    @Test
    void shouldFailToStartNamingBubblewrapWhenItsPathIsBogus() {
        BubblewrapCommand bogus = new BubblewrapCommand("/nonexistent/bwrap", PYTHON, runtime, 1024 * 1024,
                1024 * 1024, 1000, 1000, false);

        try (LocalSandboxPool broken = new LocalSandboxPool(new FreshSandboxStarter(bogus, HOST_UIDS, agent), agent, TARGET, 1)) {
            assertThatThrownBy(broken::start)
                    .isInstanceOf(SandboxFailure.class)
                    .hasMessageContaining("/nonexistent/bwrap");
            assertThat(broken.readyCount()).isZero();
        }
    }

    @Test
    void shouldReportBubblewrapsOwnErrorWhenTestSandboxCannotStart() {
        BubblewrapCommand noPython = new BubblewrapCommand(BWRAP, "/nonexistent/python3", runtime, 1024 * 1024,
                1024 * 1024, 1000, 1000, false);

        try (LocalSandboxPool broken = new LocalSandboxPool(new FreshSandboxStarter(noPython, HOST_UIDS, agent), agent, TARGET, 1)) {
            assertThatThrownBy(broken::start)
                    .isInstanceOf(SandboxFailure.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining("/nonexistent/python3: No such file or directory")
                    .hasMessageNotContaining("apt-get install");
        }
    }

    /**
     * The processes of {@code uid}, listed from the thread that completes bubblewrap's exit, the moment it completes
     * (or at once if it already has).
     */
    private static CompletableFuture<List<Long>> processesOfUidWhenBubblewrapExits(SandboxSession sandbox, int uid) {
        return channel(sandbox).onExit().thenApply(process -> HostUids.processesOf(uid));
    }

    private static BubblewrapSandbox channel(SandboxSession sandbox) {
        return (BubblewrapSandbox) ((AgentSession) sandbox).channel();
    }

    private static int statusOwner(long pid) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc", Long.toString(pid), "status"), "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }

    private static AgentRequest request(String code, List<AgentRequest.FileEntry> files) {
        return new AgentRequest(1, code, Map.of(), 10_000, 64 * 1024, true, files, AgentRequest.Limits.none());
    }

    private static AgentRequest limited(String code, AgentRequest.Limits limits, long timeoutMs) {
        return new AgentRequest(1, code, Map.of(), timeoutMs, 64 * 1024, false, List.of(), limits);
    }

    /** The real uid of a host process, from /proc. */
    private static long realUid(long pid) {
        return Long.parseLong(read(pid, "status").lines().filter(line -> line.startsWith("Uid:")).findFirst()
                .orElseThrow().split("\\s+")[1]);
    }

    private static InputContent input(String path, byte[] content) {
        return new InMemoryInput(path, content);
    }

    private static long pid(SandboxSession sandbox) {
        return ((BubblewrapSandbox) ((AgentSession) sandbox).channel()).pid();
    }

    private static boolean alive(SandboxSession sandbox) {
        return ((BubblewrapSandbox) ((AgentSession) sandbox).channel()).isAlive();
    }

    /** Outer bubblewrap processes of this class's sandboxes: their command line names the runtime directory. */
    private static Set<Long> bubblewrapProcesses() {
        return processes().filter(pid -> read(pid, "cmdline").contains(runtimeDir.toString()))
                .collect(Collectors.toSet());
    }

    /** Every process of this class's sandboxes: bubblewrap, and the agents and programs that see its mounts. */
    private static Set<Long> sandboxProcesses() {
        String marker = runtimeDir.getFileName().toString();
        return processes().filter(pid -> read(pid, "cmdline").contains(marker)
                || read(pid, "mountinfo").contains(marker)).collect(Collectors.toSet());
    }

    private static Stream<Long> processes() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .map(Long::valueOf).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A /proc file of the process, NULs as spaces; empty when the process is gone or the file unreadable. */
    private static String read(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
