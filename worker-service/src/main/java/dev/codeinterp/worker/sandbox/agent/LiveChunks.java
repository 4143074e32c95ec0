package dev.codeinterp.worker.sandbox.agent;

import dev.codeinterp.common.job.OutputChunk;

/**
 * Receives a program's output while it runs, when the request asked for it ({@code stream_output}): each stream's
 * chunks in order, adding up to the reply's output before its notes. Called on the thread that runs the job.
 */
@FunctionalInterface
public interface LiveChunks {

    LiveChunks NONE = (stream, text) -> { };

    void chunk(OutputChunk.Stream stream, String text);
}
