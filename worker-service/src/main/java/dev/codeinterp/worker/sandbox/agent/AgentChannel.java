package dev.codeinterp.worker.sandbox.agent;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte connection to one sandbox's agent, whatever the backend (a bubblewrap process's pipes, a TCP connection to
 * an executor pod). Closing it destroys the sandbox and everything that ran inside it.
 */
public interface AgentChannel extends AutoCloseable {

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
