package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.SandboxFailure;

/**
 * How the local pool starts one sandbox: a bubblewrap sandbox of its own ({@link FreshSandboxStarter}) or a child of
 * the preloaded zygote ({@link ZygoteSandboxStarter}). The pool calls {@link #start} on long-lived threads of its own.
 */
public interface SandboxStarter extends AutoCloseable {

    /** Checks once, before the pool fills, that a sandbox starts; the failure names the reason. */
    void check() throws SandboxFailure;

    /**
     * Starts one sandbox and returns once its agent is ready.
     *
     * @param onClose runs once when the sandbox is closed after serving (not when discarded)
     */
    LocalSandbox start(Runnable onClose) throws SandboxFailure;

    /** What starts sandboxes, for messages, e.g. {@code bubblewrap (/usr/bin/bwrap)}. */
    String describe();

    @Override
    void close();
}
