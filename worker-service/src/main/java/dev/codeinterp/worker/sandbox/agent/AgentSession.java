package dev.codeinterp.worker.sandbox.agent;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxSession;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A session on any sandbox whose agent speaks the agent protocol over an {@link AgentChannel}. */
public final class AgentSession implements SandboxSession {

    private final AgentChannel channel;
    private final AgentClient agent;
    private final AtomicBoolean used = new AtomicBoolean();

    public AgentSession(AgentChannel channel, AgentClient agent) {
        this.channel = channel;
        this.agent = agent;
    }

    @Override
    public AgentReply run(AgentRequest request, List<InputContent> inputs, OutputHandler outputs, LiveChunks live)
            throws SandboxFailure {
        if (!used.compareAndSet(false, true)) {
            throw new SandboxFailure("The sandbox has already run a job");
        }
        return agent.exchange(channel, request, inputs, outputs, live);
    }

    /** The connection this session runs on. */
    public AgentChannel channel() {
        return channel;
    }

    @Override
    public void kill() {
        channel.kill();
    }

    @Override
    public void close() {
        channel.close();
    }
}
