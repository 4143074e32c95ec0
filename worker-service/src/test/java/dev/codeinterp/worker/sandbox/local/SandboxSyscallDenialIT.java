package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User code in a real bubblewrap sandbox (set up as in {@link LocalSandboxPoolIT}) runs under the agent's seccomp
 * filter, and the whole sandbox refuses nested user namespaces ({@code --disable-userns}). The agent's own tests
 * ({@code executor-image/agent/test_seccomp.py}) probe every denied call; these check the real path end to end.
 */
class SandboxSyscallDenialIT {

    private static final String BWRAP = "/usr/bin/bwrap";
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Own range of this class (LocalSandboxPoolIT has 210000-210015); none when not root. */
    private static final int UID_BASE = 212_000;
    private static final int UID_COUNT = 8;
    private static final HostUids HOST_UIDS = HostUids.workerIsRoot() ? new HostUids(UID_BASE, UID_COUNT) : null;
    /** The agent's mount line: the last four arguments of bubblewrap's command. */
    private static final int AGENT_ARGS = 4;
    private static final String SYSCALLS = """
            import ctypes, errno, os
            libc = ctypes.CDLL(None, use_errno=True)
            NR = {"x86_64": {"clone": 56, "keyctl": 250, "bpf": 321},
                  "aarch64": {"clone": 220, "keyctl": 219, "bpf": 280}}[os.uname().machine]
            def show(name, result):
                print(name, "ok" if result >= 0 else errno.errorcode[ctypes.get_errno()])
            print("Seccomp", open("/proc/self/status").read().split("Seccomp:")[1].split()[0])
            show("ptrace", libc.ptrace(0, 0, 0, 0))  # PTRACE_TRACEME
            show("unshare", libc.unshare(0x10000000))  # CLONE_NEWUSER
            show("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))
            show("keyctl", libc.syscall(NR["keyctl"], 0, -3, 0))  # KEYCTL_GET_KEYRING_ID of the session keyring
            show("bpf", libc.syscall(NR["bpf"], 0xFFFF, 0, 0))
            pid = libc.syscall(NR["clone"], 0x00020000 | 17, 0, 0, 0, 0)  # CLONE_NEWNS | SIGCHLD
            if pid == 0:
                os._exit(0)
            show("clone", pid)
            """;

    @TempDir
    static Path tempDir;

    private static BubblewrapCommand command;

    private final AgentClient agent = new AgentClient();
    private LocalSandboxPool pool;

    @BeforeAll
    static void installAgent() throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentRuntime runtime = AgentRuntime.installIn(tempDir.resolve("runtime-" + UUID.randomUUID()), PYTHON, 1000,
                1000);
        command = new BubblewrapCommand(BWRAP, PYTHON, runtime, 64L * 1024 * 1024, 64L * 1024 * 1024, 1000, 1000,
                false);
    }

    @BeforeEach
    void startPool() throws SandboxFailure {
        pool = new LocalSandboxPool(new FreshSandboxStarter(command, HOST_UIDS, agent), agent, 1, 2);
        pool.start();
        await().atMost(SETTLE).until(() -> pool.readyCount() == 1);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void shouldRefuseKernelAttackSurfaceWithEpermWhenUserCodeCallsItThroughCtypes() throws SandboxFailure {
        AgentReply reply = run(SYSCALLS);

        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.stdout()).isEqualTo("""
                Seccomp 2
                ptrace EPERM
                unshare EPERM
                mount EPERM
                keyctl EPERM
                bpf EPERM
                clone EPERM
                """);
        assertThat(reply.exitCode()).isZero();
    }

    @Test
    void shouldStillRunThreadsSubprocessesMultiprocessingAndNumpyWhenFiltered() throws SandboxFailure {
        AgentReply reply = run("""
                import concurrent.futures, multiprocessing, subprocess
                with concurrent.futures.ThreadPoolExecutor(4) as threads:
                    print("threads", sum(threads.map(lambda x: x * x, range(10))))
                print("subprocess", subprocess.run(["sh", "-c", "echo $((6 * 7))"], capture_output=True,
                                                   text=True).stdout.strip())
                if __name__ == "__main__":
                    with multiprocessing.Pool(2) as processes:
                        print("pool", processes.map(abs, [-1, -2, -3]))
                    try:
                        import numpy
                    except ImportError:
                        print("numpy missing")
                    else:
                        print("numpy", int(numpy.arange(10).sum()))
                """);

        assumeTrue(!reply.stdout().contains("numpy missing"), "numpy is not installed on this host");
        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.stdout()).isEqualTo("threads 285\nsubprocess 42\npool [1, 2, 3]\nnumpy 45\n");
    }

    @Test
    void shouldRefuseNestedUserNamespacesInTheWholeSandboxWhenAProcessHasNoFilter() throws Exception {
        String tryUserNamespace = """
                import ctypes, errno
                libc = ctypes.CDLL(None, use_errno=True)
                print("ok" if libc.unshare(0x10000000) == 0 else errno.errorcode[ctypes.get_errno()])
                """;
        List<String> sandbox = command.argv();
        List<String> withoutFlag = new ArrayList<>(sandbox);
        withoutFlag.remove("--disable-userns");

        // no agent, so no launcher and no seccomp filter: only bubblewrap's own set-up
        assertThat(runInstead(sandbox, tryUserNamespace)).isEqualTo("ENOSPC\n");
        assertThat(runInstead(withoutFlag, tryUserNamespace)).as("control: without --disable-userns")
                .isEqualTo("ok\n");
    }

    private AgentReply run(String code) throws SandboxFailure {
        try (SandboxSession sandbox = pool.lease()) {
            return sandbox.run(new AgentRequest(1, code, Map.of(), 30_000, 64 * 1024, false, List.of(),
                    AgentRequest.Limits.none()), List.of(), (entry, content) -> { });
        }
    }

    /** Runs {@code code} with the sandbox's python as the sandbox's first process instead of the agent. */
    private static String runInstead(List<String> argv, String code) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(argv.subList(0, argv.size() - AGENT_ARGS));
        command.addAll(List.of(PYTHON, "-I", "-S", "-c", code));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
