package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes on this machine, kept warm: {@code targetReady} started agents wait for a job. A sandbox's replacement is
 * started when it is closed, after its job, so that starting it does not compete for the CPU with the job itself; a
 * lease that finds the pool empty starts one and takes the next to become ready. Sandboxes are started by a fixed set
 * of long-lived threads because bubblewrap's {@code --die-with-parent} follows the thread that started it: a sandbox
 * (or zygote) whose starting thread ended would be killed. What a sandbox is comes from the {@link SandboxStarter}.
 */
public final class LocalSandboxPool implements SandboxPool {

    private static final Logger log = LoggerFactory.getLogger(LocalSandboxPool.class);
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final SandboxStarter starter;
    private final AgentClient agent;
    private final int targetReady;
    private final BlockingQueue<LocalSandbox> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService starters;
    private volatile boolean closed;
    /** The last start's failure, until a start succeeds. */
    private volatile String lastStartFailure;

    public LocalSandboxPool(SandboxStarter starter, AgentClient agent, int targetReady, int starterThreads) {
        this.starter = starter;
        this.agent = agent;
        this.targetReady = targetReady;
        AtomicInteger count = new AtomicInteger();
        this.starters = Executors.newFixedThreadPool(starterThreads, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-starter-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks that a sandbox starts (reporting the reason if not), then fills the pool. The check runs on a starter
     * thread: a zygote it starts lives as long as that thread.
     */
    public void start() throws SandboxFailure {
        checkOnStarterThread();
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
                LocalSandbox sandbox = ready.poll();
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

    @Override
    public Optional<String> unavailable() {
        if (closed) {
            return Optional.of("The sandbox pool is closed");
        }
        String failure = lastStartFailure;
        return ready.isEmpty() && failure != null
                ? Optional.of("No sandbox is ready and the last one could not start: " + failure) : Optional.empty();
    }

    /** Sandboxes started and waiting for a job. */
    @Override
    public long readyCount() {
        return ready.size();
    }

    @Override
    public void close() {
        closed = true;
        List<LocalSandbox> discarded = new ArrayList<>();
        LocalSandbox sandbox;
        while ((sandbox = ready.poll()) != null) {
            sandbox.discard();
            discarded.add(sandbox);
        }
        // A bubblewrap sandbox also dies with the thread that started it (--die-with-parent), and then before its
        // PID 1 is gone: let the discarded ones end through their PID 1 before the starter threads end.
        discarded.forEach(discard -> discard.awaitEnd(CLOSE_WAIT));
        starter.close();
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
            ready.add(starter.start(this::replenish));
            lastStartFailure = null;
        } catch (SandboxFailure | RuntimeException e) {
            lastStartFailure = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!closed) {
                log.error("Could not start a sandbox: {}", e.getMessage());
            }
        } finally {
            starting.decrementAndGet();
        }
        if (closed) {
            close();
        }
    }

    private void checkOnStarterThread() throws SandboxFailure {
        try {
            starters.submit(() -> {
                starter.check();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while checking the sandbox", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandboxFailure failure) {
                throw failure;
            }
            throw new SandboxFailure("Could not check the sandbox (" + starter.describe() + "): "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
