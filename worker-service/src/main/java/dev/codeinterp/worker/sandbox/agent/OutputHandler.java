package dev.codeinterp.worker.sandbox.agent;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import java.io.IOException;
import java.io.InputStream;

/** Receives each output file; {@code content} yields exactly {@code entry.size()} bytes and must be read to its end. */
@FunctionalInterface
public interface OutputHandler {

    void accept(AgentReply.OutputEntry entry, InputStream content) throws IOException, SandboxFailure;
}
