package dev.codeinterp.common.job;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Port: the output of running jobs while they run, one append-only log of {@link OutputChunk}s per job, written by
 * the worker that runs it and read from any position by any api replica. Only jobs submitted for live output have
 * one. A log is kept {@link #RETENTION} after its last chunk: the full output is in the job's result anyway.
 */
public interface LiveOutput {

    /** How long a job's log is kept after its last chunk. */
    Duration RETENTION = Duration.ofHours(1);

    /** The position before the first chunk. */
    String START = "0-0";

    /** What a position looks like: two numbers joined by a dash (as Redis stream ids are). */
    Pattern POSITION = Pattern.compile("(0|[1-9][0-9]{0,17})-(0|[1-9][0-9]{0,17})");

    /** Appends a chunk that attempt {@code attempt} of the job wrote. */
    void append(String jobId, int attempt, OutputChunk.Stream stream, String text);

    /** Up to {@code max} chunks that follow position {@code after} ({@link #START} for all), oldest first. */
    List<OutputChunk> readAfter(String jobId, String after, int max);

    /** A log that keeps nothing, for services that offer no live output. */
    LiveOutput NONE = new LiveOutput() {
        @Override
        public void append(String jobId, int attempt, OutputChunk.Stream stream, String text) {
        }

        @Override
        public List<OutputChunk> readAfter(String jobId, String after, int max) {
            return List.of();
        }
    };
}
