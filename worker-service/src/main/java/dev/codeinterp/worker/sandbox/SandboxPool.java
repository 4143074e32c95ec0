package dev.codeinterp.worker.sandbox;

/** Port: warm, single-use sandboxes. Each lease hands out a sandbox nobody has used and nobody else will get. */
public interface SandboxPool extends AutoCloseable {

    /** A session on a ready sandbox, taken from the warm pool or started on the spot when the pool is empty. */
    SandboxSession lease() throws SandboxFailure;

    @Override
    void close();
}
