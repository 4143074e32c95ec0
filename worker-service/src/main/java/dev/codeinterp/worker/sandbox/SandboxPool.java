package dev.codeinterp.worker.sandbox;

import java.util.Optional;

/** Port: warm, single-use sandboxes. Each lease hands out a sandbox nobody has used and nobody else will get. */
public interface SandboxPool extends AutoCloseable {

    /** Where the sandboxes of every backend see the package store ({@code store/} of it), read-only. */
    String PACKAGES_MOUNT = "/opt/code-interpreter/packages";

    /** A session on a ready sandbox, taken from the warm pool or started on the spot when the pool is empty. */
    SandboxSession lease() throws SandboxFailure;

    /** Sandboxes ready to be leased at once (a lease now would not wait for one to start). */
    long readyCount();

    /**
     * Why a lease would fail now (no sandbox is ready and the last attempt to start one failed, or the pool is closed);
     * empty while it can serve. For readiness: a pool that cannot tell says empty.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    void close();
}
