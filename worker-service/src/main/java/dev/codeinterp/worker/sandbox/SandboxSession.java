package dev.codeinterp.worker.sandbox;

import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import dev.codeinterp.worker.sandbox.agent.LiveChunks;
import dev.codeinterp.worker.sandbox.agent.OutputHandler;
import java.util.List;

/**
 * Port: one leased sandbox, used for exactly one request and then closed. Closing destroys the sandbox and everything
 * that ran in it, whatever happened before; it is safe to call more than once.
 */
public interface SandboxSession extends AutoCloseable {

    /**
     * Sends the request and its input files, runs the program, and streams each output file to {@code outputs}.
     *
     * @throws SandboxFailure the sandbox or its agent failed, or the session was already used
     */
    default AgentReply run(AgentRequest request, List<InputContent> inputs, OutputHandler outputs)
            throws SandboxFailure {
        return run(request, inputs, outputs, LiveChunks.NONE);
    }

    /** As {@link #run(AgentRequest, List, OutputHandler)}, handing the program's output to {@code live} as it runs. */
    AgentReply run(AgentRequest request, List<InputContent> inputs, OutputHandler outputs, LiveChunks live)
            throws SandboxFailure;

    /** Stops the sandbox at once (the host-side deadline passed); safe to call from any thread, also during run. */
    void kill();

    @Override
    void close();
}
