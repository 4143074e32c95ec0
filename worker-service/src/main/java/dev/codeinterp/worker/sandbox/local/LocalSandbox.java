package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.agent.AgentChannel;

/** A started local sandbox whose agent has said it is ready, as the warm pool holds it. */
public interface LocalSandbox extends AgentChannel {

    /** Whether it can still take a job (it may have died while it waited). */
    boolean isAlive();

    /** Destroys it without the close callback (it never served a job). */
    void discard();
}
