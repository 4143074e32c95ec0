package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-sandbox caps from a cgroup per job, with real cgroups, bubblewrap, the zygote and the agent: the memory cap
 * holds across a job's processes and its RAM-backed files together, and every process of the job is in its cgroup.
 * Runs where the worker can make cgroups (root, cgroup v1 or a delegated v2): this machine's CI does.
 */
class SandboxCgroupsIT {

    private static final String BWRAP = "/usr/bin/bwrap";
    private static final String PYTHON = "/usr/bin/python3";
    private static final long MIB = 1024 * 1024;
    /** The files' tmpfs is larger than the memory cap: only the cgroup stops a job that fills it. */
    private static final long WORKSPACE_BYTES = 192 * MIB;
    private static final long TMP_BYTES = 64 * MIB;
    private static final CgroupLimits LIMITS = new CgroupLimits(96 * MIB, 40, 0.5);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final HostUids HOST_UIDS = HostUids.workerIsRoot() ? new HostUids(215_000, 8) : null;

    /** Ten processes of 24 MiB each, 240 MiB in all: how many are still alive once each has held or died. */
    private static final String SPREAD_OVER_PROCESSES = """
            import os, select, signal
            r, w = os.pipe()
            children = set()
            for _ in range(10):
                pid = os.fork()
                if pid == 0:
                    block = bytearray(24 << 20)
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
            """;

    @TempDir
    static Path tempDir;

    private static final CgroupHost CGROUPS = CgroupHost.detect();
    private static final AgentClient AGENT = new AgentClient();
    private static ZygoteCommand command;
    private static BubblewrapCommand freshCommand;
    private static LocalSandboxPool pool;

    @BeforeAll
    static void startPool() throws IOException, SandboxFailure {
        Assumptions.assumeTrue(HOST_UIDS != null && CGROUPS.unavailable().isEmpty(),
                () -> "no cgroups for sandboxes here: " + CGROUPS.unavailable().orElse("not root"));
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentRuntime runtime = AgentRuntime.installIn(tempDir.resolve("runtime-" + UUID.randomUUID()), PYTHON, 1000,
                1000);
        freshCommand = new BubblewrapCommand(BWRAP, PYTHON, runtime, WORKSPACE_BYTES, TMP_BYTES, 1000, 1000, false);
        command = new ZygoteCommand(freshCommand, List.of("numpy"));
        pool = new LocalSandboxPool(new ZygoteSandboxStarter(command, HOST_UIDS, AGENT, CGROUPS, LIMITS), AGENT, 1, 2);
        pool.start();
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void shouldStopAJobsProcessesTogetherAtTheMemoryCapWhenEachStaysUnderItsOwnLimit() throws SandboxFailure {
        // given: ten processes of 24 MiB each, 240 MiB in all, against a cap of 96 MiB for the whole sandbox
        String code = SPREAD_OVER_PROCESSES;

        // when
        AgentReply reply = run(code);

        // then: what the processes still alive hold fits in the cap (the others were killed)
        assertThat(reply.stdout()).matches("alive [0-3] killed ([1-9]|10)\n");
    }

    @Test
    void shouldCountTheJobsFilesAgainstItsMemoryCapWhenItFillsDevShm() throws SandboxFailure {
        // given: /dev/shm's tmpfs would take 256 MiB; the cgroup holds the job to 96 MiB
        String code = """
                chunk = b'x' * (1 << 20)
                with open('/dev/shm/fill', 'wb') as f:
                    for n in range(1, 201):
                        f.write(chunk)
                        f.flush()
                        print(n, flush=True)
                print('filled')
                """;

        // when
        AgentReply reply = run(code);

        // then
        List<String> lines = reply.stdout().lines().toList();
        assertThat(lines).doesNotContain("filled").isNotEmpty();
        assertThat(Integer.parseInt(lines.get(lines.size() - 1))).isLessThan(96);
    }

    @Test
    void shouldPutEveryProcessOfTheJobInACgroupOfItsOwnWithTheCapsWhenItRuns() throws Exception {
        // given: a job with a subprocess, still running
        CompletableFuture<Void> started = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        SandboxSession sandbox = pool.lease();
        CompletableFuture<AgentReply> job = CompletableFuture.supplyAsync(() -> {
            try (sandbox) {
                return sandbox.run(new AgentRequest(1, """
                        import os, subprocess, time
                        print(sorted(set(l.split(':', 2)[2] for l in open('/proc/self/cgroup').read().splitlines())))
                        print(os.listdir('/run/cgroup'), os.path.exists('/sys/fs/cgroup/memory'))
                        print(open('/proc/self/oom_score_adj').read().strip(), open('/proc/1/oom_score_adj').read().strip())
                        sleeper = subprocess.Popen(['sleep', '30'])
                        print('running', flush=True)
                        time.sleep(30)
                        """, Map.of(), 60_000, 64 * 1024, true, List.of(), AgentRequest.Limits.none(), true),
                        List.of(), (entry, content) -> { }, (stream, text) -> {
                            output.append(text);
                            if (text.contains("running")) {
                                started.complete(null);
                            }
                        });
            } catch (SandboxFailure e) {
                throw new IllegalStateException(e);
            }
        });
        started.get(SETTLE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        // when: the sleep's cgroup in each hierarchy, as the host sees it
        long sleep = await().atMost(SETTLE).until(() -> jobProcessNamed("sleep"), pid -> pid > 0);
        List<Path> groups = hostCgroups(sleep);

        // then: a job-N cgroup under the zygote's in every hierarchy, holding the job's three processes, with the caps
        assertThat(groups).hasSize(CGROUPS.controllers().size()).allSatisfy(group -> {
            assertThat(group.getFileName().toString()).startsWith("job-");
            assertThat(group.getParent().getFileName().toString()).startsWith(CgroupHost.PREFIX);
            assertThat(names(Files.readAllLines(group.resolve("cgroup.procs")))).containsExactlyInAnyOrder(
                    "python3", "python3", "sleep");
        });
        for (Path group : groups) {
            if (Files.exists(group.resolve("memory.limit_in_bytes"))) {
                assertThat(Files.readString(group.resolve("memory.limit_in_bytes")).strip())
                        .isEqualTo(Long.toString(96 * MIB));
            }
            if (Files.exists(group.resolve("pids.max"))) {
                assertThat(Files.readString(group.resolve("pids.max")).strip()).isEqualTo("40");
            }
            if (Files.exists(group.resolve("cpu.cfs_quota_us"))) {
                assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
            }
        }
        sandbox.kill();
        job.handle((reply, failure) -> null).get();
        assertThat(output.toString()).isEqualTo("['/']\n[] False\n1000 0\nrunning\n");
    }

    @Test
    void shouldRemoveEndedJobsCgroupsSoonAfterTheyEndAndTheZygotesOnceItHasEnded() throws Exception {
        // given: a zygote of its own, which served four jobs
        List<Path> before = zygoteGroups();
        List<Path> zygoteGroups;
        try (LocalSandboxPool own = new LocalSandboxPool(new ZygoteSandboxStarter(command, HOST_UIDS, AGENT, CGROUPS,
                LIMITS), AGENT, 1, 1)) {
            own.start();
            for (int i = 0; i < 4; i++) {
                try (SandboxSession sandbox = own.lease()) {
                    assertThat(sandbox.run(request("print(1)"), List.of(), (entry, content) -> { }).stdout())
                            .isEqualTo("1\n");
                }
            }
            zygoteGroups = zygoteGroups().stream().filter(group -> !before.contains(group)).toList();
            assertThat(zygoteGroups).hasSize(CGROUPS.controllers().size());

            // then: the ended jobs' cgroups were removed, even those still busy when the next job started; only the
            // ready job's is left
            await().atMost(SETTLE).untilAsserted(() -> assertThat(zygoteGroups).allSatisfy(group ->
                    assertThat(jobGroups(group)).hasSize(1)));

            // when
        }

        // then
        await().atMost(SETTLE).untilAsserted(() -> assertThat(zygoteGroups).noneMatch(Files::exists));
    }

    @Test
    void shouldCapAFreshSandboxAsAWholeAndRemoveItsCgroupsWhenItHasEnded() throws Exception {
        // given
        List<Path> before = groupsMade("sandbox");
        try (LocalSandboxPool fresh = new LocalSandboxPool(new FreshSandboxStarter(freshCommand, HOST_UIDS, AGENT,
                CGROUPS, LIMITS), AGENT, 1, 1)) {
            fresh.start();

            // when
            AgentReply reply;
            try (SandboxSession sandbox = fresh.lease()) {
                reply = sandbox.run(request(SPREAD_OVER_PROCESSES), List.of(), (entry, content) -> { });
            }

            // then
            assertThat(reply.stdout()).matches("alive [0-3] killed ([1-9]|10)\\n");
            assertThat(groupsMade("sandbox")).isNotEmpty();
            try (SandboxSession sandbox = fresh.lease()) {
                assertThat(sandbox.run(request("print(open('/proc/self/oom_score_adj').read().strip())"), List.of(),
                        (entry, content) -> { }).stdout()).isEqualTo("1000\n");
            }
        }
        await().atMost(SETTLE).untilAsserted(() -> assertThat(groupsMade("sandbox")).isSubsetOf(before));
    }

    /** The cgroups this worker gave its zygotes, in every hierarchy. */
    private static List<Path> zygoteGroups() throws IOException {
        return groupsMade("zygote");
    }

    /** The cgroups this worker made of a kind ("zygote", "sandbox"), in every hierarchy. */
    private static List<Path> groupsMade(String kind) throws IOException {
        List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
        String prefix = CgroupHost.PREFIX + ProcessHandle.current().pid() + "-" + kind + "-";
        return own.stream().map(line -> line.split(":", 3))
                .map(f -> Path.of("/sys/fs/cgroup", f[1].isEmpty() ? "" : f[1], f[2].substring(1)))
                .filter(Files::isDirectory).flatMap(dir -> {
                    try (Stream<Path> children = Files.list(dir)) {
                        return children.filter(c -> c.getFileName().toString().startsWith(prefix)).toList().stream();
                    } catch (IOException e) {
                        return Stream.empty();
                    }
                }).toList();
    }

    private static AgentReply run(String code) throws SandboxFailure {
        try (SandboxSession sandbox = pool.lease()) {
            return sandbox.run(request(code), List.of(), (entry, content) -> { });
        }
    }

    private static AgentRequest request(String code) {
        return new AgentRequest(1, code, Map.of(), 30_000, 64 * 1024, true, List.of(), AgentRequest.Limits.none());
    }

    /** The cgroup directories of host process {@code pid}, one per hierarchy this test's zygotes use. */
    private static List<Path> hostCgroups(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                .map(line -> line.split(":", 3)).filter(f -> f[2].contains("/" + CgroupHost.PREFIX))
                .map(f -> Path.of("/sys/fs/cgroup", f[1].isEmpty() ? "" : f[1], f[2].substring(1)))
                .filter(Files::isDirectory).toList();
    }

    private static List<Path> jobGroups(Path zygoteGroup) throws IOException {
        try (Stream<Path> dirs = Files.list(zygoteGroup)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("job-")).toList();
        }
    }

    private static long jobProcessNamed(String name) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf).filter(pid -> read(pid, "comm").strip().equals(name))
                    .filter(pid -> read(pid, "cgroup").contains("/" + CgroupHost.PREFIX)).findFirst().orElse(0L);
        }
    }

    private static List<String> names(List<String> pids) {
        return pids.stream().map(pid -> read(Long.parseLong(pid.strip()), "comm").strip()).toList();
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
