package dev.codeinterp.worker.sandbox;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Port: one leased, single-use sandbox with its agent waiting for a job. Closing it destroys it and everything that
 * ran inside it.
 */
public interface Sandbox extends AutoCloseable {

    /** Bytes to the agent. */
    OutputStream toAgent();

    /** Bytes from the agent. */
    InputStream fromAgent();

    /** Stops the sandbox at once (e.g. when the host-side deadline passes); safe to call from any thread. */
    void kill();

    /** How the sandbox ended, for failure messages, e.g. {@code exit code 137}; "still running" if it has not. */
    String describeEnd();

    @Override
    void close();
}
