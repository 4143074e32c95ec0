package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bubblewrap sandboxes on this machine, kept warm: {@code targetReady} started agents wait for a job. A sandbox's
 * replacement is started when it is closed, after its job, so that starting it (three processes) does not compete
 * for the CPU with the job itself; a lease that finds the pool empty starts one and takes the next to become ready. Sandboxes are
 * started by a fixed set of long-lived threads because bubblewrap's {@code --die-with-parent} follows the thread that
 * started it: a sandbox whose starting thread ended would be killed. With {@link HostUids} each sandbox runs as a host
 * uid of its own, acquired when it starts and returned once it has ended and no process of it is left: a sandbox is
 * ended through its PID 1, so that bubblewrap's exit means exactly that (see {@link BubblewrapProcess}).
 */
public final class LocalSandboxPool implements SandboxPool {

    private static final Logger log = LoggerFactory.getLogger(LocalSandboxPool.class);
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final BubblewrapCommand command;
    private final HostUids hostUids;
    /** One waiting thread per live sandbox, reused, that returns its uid when it has ended. */
    private final ExecutorService uidReleasers;
    private final String bwrap;
    private final AgentClient agent;
    private final int targetReady;
    private final BlockingQueue<BubblewrapSandbox> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService starters;
    private volatile boolean closed;

    /** @param hostUids a uid per sandbox; null = every sandbox runs as the worker's own user */
    public LocalSandboxPool(BubblewrapCommand command, HostUids hostUids, AgentClient agent, int targetReady,
            int starterThreads) {
        this.command = command;
        this.hostUids = hostUids;
        this.bwrap = command.bwrap();
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
        this.agent = agent;
        this.targetReady = targetReady;
        AtomicInteger count = new AtomicInteger();
        this.starters = Executors.newFixedThreadPool(starterThreads, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-starter-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks that a sandbox starts (reporting bubblewrap's own error if not), then fills the pool. */
    public void start() throws SandboxFailure {
        checkSandboxStarts();
        for (int i = 0; i < targetReady; i++) {
            startOneInBackground();
        }
    }

    @Override
    public SandboxSession lease() throws SandboxFailure {
        if (closed) {
            throw new SandboxFailure("The sandbox pool is closed");
        }
        try {
            long deadline = System.nanoTime() + LEASE_TIMEOUT.toNanos();
            while (true) {
                BubblewrapSandbox sandbox = ready.poll();
                if (sandbox == null) {
                    startOneInBackground();
                    sandbox = ready.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
                if (sandbox == null) {
                    throw new SandboxFailure("No sandbox could be started within " + LEASE_TIMEOUT.toSeconds()
                            + " s");
                }
                if (sandbox.isAlive()) {
                    return new AgentSession(sandbox, agent);
                }
                log.warn("Replacing a warm sandbox that died while idle ({})", sandbox.describeEnd());
                sandbox.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while waiting for a sandbox", e);
        }
    }

    /** Sandboxes started and waiting for a job. */
    public int readyCount() {
        return ready.size();
    }

    @Override
    public void close() {
        closed = true;
        List<BubblewrapSandbox> discarded = new ArrayList<>();
        BubblewrapSandbox sandbox;
        while ((sandbox = ready.poll()) != null) {
            sandbox.discard();
            discarded.add(sandbox);
        }
        // A sandbox's bubblewrap also dies with the thread that started it (--die-with-parent), and then before its
        // PID 1 is gone: let the discarded ones end through their PID 1 before the starter threads end.
        discarded.forEach(discard -> discard.awaitEnd(CLOSE_WAIT));
        starters.shutdownNow();
    }

    /** Called when a leased sandbox is closed: tops the pool up to its target, counting those being started. */
    private void replenish() {
        if (ready.size() + starting.get() < targetReady) {
            startOneInBackground();
        }
    }

    private void startOneInBackground() {
        if (closed) {
            return;
        }
        starting.incrementAndGet();
        try {
            starters.execute(this::startOne);
        } catch (RejectedExecutionException e) {
            starting.decrementAndGet(); // closed meanwhile
        }
    }

    /** Runs on a starter thread; never throws, so the thread (and the sandboxes it started) lives on. */
    private void startOne() {
        try {
            ready.add(startSandbox());
        } catch (SandboxFailure | RuntimeException e) {
            log.error("Could not start a sandbox: {}", e.getMessage());
        } finally {
            starting.decrementAndGet();
        }
        if (closed) {
            close();
        }
    }

    private BubblewrapSandbox startSandbox() throws SandboxFailure {
        BubblewrapProcess process;
        try {
            process = launch(builder -> builder.redirectError(Redirect.DISCARD));
        } catch (IOException e) {
            throw new SandboxFailure("Could not run bubblewrap (" + bwrap + "): " + e.getMessage(), e);
        }
        BubblewrapSandbox sandbox = new BubblewrapSandbox(process, this::replenish);
        try {
            agent.awaitReady(sandbox);
            process.findInit();
            return sandbox;
        } catch (SandboxFailure e) {
            sandbox.discard();
            throw e;
        }
    }

    private void checkSandboxStarts() throws SandboxFailure {
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
            throw new SandboxFailure("Could not run bubblewrap (" + bwrap + "); install it with "
                    + "'apt-get install -y bubblewrap': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while checking the sandbox", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * Starts bubblewrap, as a host uid of its own if there are any. The uid returns when bubblewrap has ended: at once
     * if the sandbox's PID 1 was reaped (then no process of the sandbox is left), else after one look for leftovers.
     */
    private BubblewrapProcess launch(UnaryOperator<ProcessBuilder> redirects) throws IOException {
        if (hostUids == null) {
            return new BubblewrapProcess(redirects.apply(new ProcessBuilder(command.argv())).start());
        }
        int uid = hostUids.acquire();
        BubblewrapProcess process;
        try {
            process = new BubblewrapProcess(redirects.apply(new ProcessBuilder(command.argv(uid))).start());
        } catch (IOException | RuntimeException e) {
            hostUids.release(uid); // nothing ran as it
            throw e;
        }
        // Not Process.onExit(): on two cores it starts a new thread for every process that ends.
        uidReleasers.execute(() -> {
            process.awaitExit();
            if (process.initReaped()) {
                hostUids.release(uid);
            } else {
                hostUids.releaseAfterCheck(uid);
            }
        });
        return process;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}", file, e);
            }
        }
    }
}
