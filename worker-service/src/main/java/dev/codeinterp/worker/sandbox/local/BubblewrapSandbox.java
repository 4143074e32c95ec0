package dev.codeinterp.worker.sandbox.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A bubblewrap process whose agent talks over its stdin and stdout; killed through its PID 1. */
final class BubblewrapSandbox implements LocalSandbox {

    private static final int BUFFER = 64 * 1024;

    private final BubblewrapProcess process;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputStream toAgent;
    private final InputStream fromAgent;

    /** @param onClose runs once when the sandbox is closed, e.g. to start its replacement */
    BubblewrapSandbox(BubblewrapProcess process, Runnable onClose) {
        this.process = process;
        this.onClose = onClose;
        this.toAgent = new BufferedOutputStream(process.process().getOutputStream(), BUFFER);
        this.fromAgent = new BufferedInputStream(process.process().getInputStream(), BUFFER);
    }

    @Override
    public OutputStream toAgent() {
        return toAgent;
    }

    @Override
    public InputStream fromAgent() {
        return fromAgent;
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public String describeEnd() {
        try {
            if (process.process().waitFor(1, TimeUnit.SECONDS)) {
                int code = process.process().exitValue();
                return code > 128 ? "sandbox killed by signal " + (code - 128) : "sandbox exit code " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "sandbox still running";
    }

    /** Kills the sandbox (the JVM reaps bubblewrap in the background) and runs the close callback once. */
    @Override
    public void close() {
        process.kill();
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    @Override
    public void discard() {
        closed.set(true);
        process.kill();
    }

    /**
     * Waits up to {@code timeout} for bubblewrap to end, even if this thread is interrupted meanwhile (a starter thread
     * closing the pool is), keeping the interrupt.
     */
    @Override
    public void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                process.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Whether the sandbox's PID 1 has been reaped: then no process of the sandbox is left. */
    boolean initReaped() {
        return process.initReaped();
    }

    /** Completes once bubblewrap has ended (and been reaped). */
    CompletableFuture<Process> onExit() {
        return process.onExit();
    }
}
