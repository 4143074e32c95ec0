package dev.codeinterp.worker.sandbox.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A bubblewrap process whose agent talks over its stdin and stdout. */
final class BubblewrapSandbox implements LocalSandbox {

    private static final int BUFFER = 64 * 1024;

    private final Process process;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputStream toAgent;
    private final InputStream fromAgent;

    /** @param onClose runs once when the sandbox is closed, e.g. to start its replacement */
    BubblewrapSandbox(Process process, Runnable onClose) {
        this.process = process;
        this.onClose = onClose;
        this.toAgent = new BufferedOutputStream(process.getOutputStream(), BUFFER);
        this.fromAgent = new BufferedInputStream(process.getInputStream(), BUFFER);
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
        process.destroyForcibly();
    }

    @Override
    public String describeEnd() {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return code > 128 ? "sandbox killed by signal " + (code - 128) : "sandbox exit code " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "sandbox still running";
    }

    /** Kills the sandbox (the JVM reaps it in the background) and runs the close callback once. */
    @Override
    public void close() {
        process.destroyForcibly();
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    @Override
    public void discard() {
        closed.set(true);
        process.destroyForcibly();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }
}
