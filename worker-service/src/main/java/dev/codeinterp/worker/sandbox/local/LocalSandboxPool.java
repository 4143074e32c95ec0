package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.Sandbox;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bubblewrap sandboxes on this machine, kept warm: {@code targetReady} started agents wait for a job, and each lease
 * is followed by starting a replacement. Every sandbox is started by one long-lived thread because bubblewrap's
 * {@code --die-with-parent} follows the thread that started it.
 */
public final class LocalSandboxPool implements SandboxPool {

    private static final Logger log = LoggerFactory.getLogger(LocalSandboxPool.class);

    private final List<String> command;
    private final AgentClient agent;
    private final int targetReady;
    private final BlockingQueue<BubblewrapSandbox> ready = new LinkedBlockingQueue<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-starter");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    public LocalSandboxPool(BubblewrapCommand command, AgentClient agent, int targetReady) {
        this.command = command.argv();
        this.agent = agent;
        this.targetReady = targetReady;
    }

    /** Checks that a sandbox starts (reporting bubblewrap's own error if not), then fills the pool. */
    public void start() throws SandboxFailure {
        checkSandboxStarts();
        for (int i = 0; i < targetReady; i++) {
            starter.execute(this::refillOne);
        }
    }

    @Override
    public Sandbox lease() throws SandboxFailure {
        BubblewrapSandbox sandbox = ready.poll();
        starter.execute(this::refillOne);
        if (sandbox != null) {
            return sandbox;
        }
        try {
            return starter.submit(this::startSandbox).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while starting a sandbox", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SandboxFailure failure ? failure
                    : new SandboxFailure("Could not start a sandbox", e.getCause());
        }
    }

    /** Sandboxes started and waiting for a job. */
    public int readyCount() {
        return ready.size();
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        BubblewrapSandbox sandbox;
        while ((sandbox = ready.poll()) != null) {
            sandbox.close();
        }
    }

    private void refillOne() {
        if (closed || ready.size() >= targetReady) {
            return;
        }
        try {
            ready.add(startSandbox());
        } catch (SandboxFailure e) {
            log.error("Could not start a warm sandbox: {}", e.getMessage());
        }
        if (closed) {
            close();
        }
    }

    private BubblewrapSandbox startSandbox() throws SandboxFailure {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SandboxFailure("Could not run bubblewrap (" + command.get(0) + "): " + e.getMessage(), e);
        }
        BubblewrapSandbox sandbox = new BubblewrapSandbox(process);
        try {
            agent.awaitReady(sandbox);
            return sandbox;
        } catch (SandboxFailure e) {
            sandbox.close();
            throw e;
        }
    }

    private void checkSandboxStarts() throws SandboxFailure {
        try {
            Process probe = new ProcessBuilder(command).start();
            probe.getOutputStream().close();
            boolean exited = probe.waitFor(30, TimeUnit.SECONDS);
            String stdout = new String(probe.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!exited || !stdout.contains("\"ready\"")) {
                probe.destroyForcibly();
                String stderr = new String(probe.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8);
                throw new SandboxFailure("A test sandbox did not start: " + stderr.strip() + " (command: "
                        + String.join(" ", command) + ")");
            }
        } catch (IOException e) {
            throw new SandboxFailure("Could not run bubblewrap (" + command.get(0) + "); install it with "
                    + "'apt-get install -y bubblewrap': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("Interrupted while checking the sandbox", e);
        }
    }
}
