package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bubblewrap sandbox per job, each with its agent and pre-started launcher ({@code APP_EXECUTOR_MODE=fresh}).
 * With {@link HostUids} each sandbox runs as a host uid of its own, acquired when it starts and returned once it has
 * ended and no process of it is left. Where the host allows it ({@link CgroupHost}), each sandbox also gets cgroups of
 * its own, capping it as a whole, removed once it has ended.
 */
public final class FreshSandboxStarter implements SandboxStarter {

    private static final Logger log = LoggerFactory.getLogger(FreshSandboxStarter.class);

    private final BubblewrapCommand command;
    private final HostUids hostUids;
    private final AgentClient agent;
    private final CgroupHost cgroups;
    private final CgroupLimits limits;
    /** One waiting thread per live sandbox, reused, that returns its uid when it has ended. */
    private final ExecutorService uidReleasers;

    /** Sandboxes without cgroups. @param hostUids a uid per sandbox; null = the worker's own user for all */
    public FreshSandboxStarter(BubblewrapCommand command, HostUids hostUids, AgentClient agent) {
        this(command, hostUids, agent, CgroupHost.none("not asked for"), null);
    }

    /**
     * @param hostUids a uid per sandbox; null = every sandbox runs as the worker's own user (then there are no cgroups)
     * @param cgroups  where each sandbox gets its cgroups, when available
     * @param limits   the caps of each sandbox's cgroups
     */
    public FreshSandboxStarter(BubblewrapCommand command, HostUids hostUids, AgentClient agent, CgroupHost cgroups,
            CgroupLimits limits) {
        this.command = command;
        this.hostUids = hostUids;
        this.agent = agent;
        this.cgroups = cgroups;
        this.limits = limits;
        if (hostUids == null) {
            log.warn("Sandboxes run as the worker's own user (it is not root): the process limit "
                    + "(APP_EXECUTOR_MAX_PROCESSES) then counts the processes of all sandboxes and the worker together");
        }
        AtomicInteger releasers = new AtomicInteger();
        this.uidReleasers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-uid-release-" + releasers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String describe() {
        return "bubblewrap (" + command.bwrap() + ")" + (hostUids == null || cgroups.unavailable().isPresent() ? ""
                : ", a cgroup per sandbox (" + cgroups.version().orElseThrow() + ": " + cgroups.controllers() + ")");
    }

    @Override
    public LocalSandbox start(Runnable onClose) throws SandboxFailure {
        BubblewrapProcess process;
        try {
            process = launch(builder -> builder.redirectError(Redirect.DISCARD));
        } catch (IOException e) {
            throw new SandboxFailure("Could not run bubblewrap (" + command.bwrap() + "): " + e.getMessage(), e);
        }
        BubblewrapSandbox sandbox = new BubblewrapSandbox(process, onClose);
        try {
            agent.awaitReady(sandbox);
            process.findInit();
            return sandbox;
        } catch (SandboxFailure e) {
            sandbox.discard();
            throw e;
        }
    }

    @Override
    public void check() throws SandboxFailure {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("sandbox-probe-", ".out");
            stderr = Files.createTempFile("sandbox-probe-", ".err");
            // The probe gets no job: its agent reports ready, reads end-of-input and exits.
            Path out = stdout;
            Path err = stderr;
            Process probe = launch(builder -> builder.redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())).process();
            boolean exited = probe.waitFor(30, TimeUnit.SECONDS);
            probe.destroyForcibly();
            if (!exited || !new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8).contains("\"ready\"")) {
                throw new SandboxFailure("A test sandbox did not start: "
                        + new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8).strip() + " (command: "
                        + String.join(" ", command.argv()) + ")");
            }
        } catch (IOException e) {
            throw new SandboxFailure("Could not run bubblewrap (" + command.bwrap() + "); install it with "
                    + "'apt-get install -y bubblewrap': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while checking the sandbox", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** Nothing to stop: each sandbox ends with its session, and its uid comes back when its last process has. */
    @Override
    public void close() {
    }

    /**
     * Starts bubblewrap, as a host uid of its own if there are any, in cgroups of its own if the host has them. The
     * uid returns when bubblewrap has ended: at once if the sandbox's PID 1 was reaped (then no process of the sandbox
     * is left), else after one look for leftovers; the cgroups are removed then.
     */
    private BubblewrapProcess launch(UnaryOperator<ProcessBuilder> redirects) throws IOException {
        if (hostUids == null) {
            return new BubblewrapProcess(redirects.apply(new ProcessBuilder(command.argv())).start());
        }
        int uid = hostUids.acquire();
        CgroupGrant granted = null;
        BubblewrapProcess process;
        try {
            granted = cgroups.unavailable().isEmpty() ? cgroups.sandbox(limits) : null;
            List<String> argv = granted == null ? command.argv(uid) : granted.joining(command.argv(uid));
            process = new BubblewrapProcess(redirects.apply(new ProcessBuilder(argv)).start());
        } catch (IOException | RuntimeException e) {
            if (granted != null) {
                granted.remove(1, Duration.ZERO);
            }
            hostUids.release(uid); // nothing ran as it
            throw e;
        }
        CgroupGrant held = granted;
        // Not Process.onExit(): on two cores it starts a new thread for every process that ends.
        uidReleasers.execute(() -> {
            process.awaitExit();
            if (held != null && !held.remove(ZygoteSandboxStarter.CGROUP_REMOVAL_TRIES,
                    ZygoteSandboxStarter.CGROUP_REMOVAL_PAUSE)) {
                log.warn("Could not remove the cgroups of an ended sandbox: {}", held.groups());
            }
            if (process.initReaped()) {
                hostUids.release(uid);
            } else {
                hostUids.releaseAfterCheck(uid);
            }
        });
        return process;
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}", file, e);
            }
        }
    }
}
