package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.OutputChunk;
import dev.codeinterp.worker.sandbox.agent.LiveChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt's output chunks to the job's {@link LiveOutput} as they come. Live output is a convenience (the
 * result holds the whole output), so a chunk that cannot be written is dropped, never failing the job; the first such
 * failure is logged.
 */
final class LiveOutputWriter implements LiveChunks {

    private static final Logger log = LoggerFactory.getLogger(LiveOutputWriter.class);

    private final LiveOutput output;
    private final String jobId;
    private final int attempt;
    private boolean failed;

    LiveOutputWriter(LiveOutput output, String jobId, int attempt) {
        this.output = output;
        this.jobId = jobId;
        this.attempt = attempt;
    }

    @Override
    public void chunk(OutputChunk.Stream stream, String text) {
        try {
            output.append(jobId, attempt, stream, text);
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true;
                log.warn("Job {}: live output chunks are dropped: {}", jobId, e.toString());
            }
        }
    }
}
