package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.Sandbox;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/** A bubblewrap process whose agent talks over its stdin and stdout. */
final class BubblewrapSandbox implements Sandbox {

    private static final int BUFFER = 64 * 1024;

    private final Process process;
    private final OutputStream toAgent;
    private final InputStream fromAgent;

    BubblewrapSandbox(Process process) {
        this.process = process;
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

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }
}
