package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.agent.AgentChannel;
import java.time.Duration;

/** A started local sandbox whose agent has said it is ready, as the warm pool holds it. */
public interface LocalSandbox extends AgentChannel {

    /** Whether it can still take a job (it may have died while it waited). */
    boolean isAlive();

    /** Destroys it without the close callback (it never served a job). */
    void discard();

    /**
     * Waits up to {@code timeout} for a discarded sandbox to have ended, so that the pool's starter threads (whose end
     * kills what they started) outlive it.
     */
    void awaitEnd(Duration timeout);
}
