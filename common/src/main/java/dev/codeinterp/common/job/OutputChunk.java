package dev.codeinterp.common.job;

import java.util.Locale;
import java.util.Objects;

/**
 * A piece of a running job's output, as its program wrote it.
 *
 * @param position where it sits in the job's {@link LiveOutput}; chunks after it are read from there
 * @param attempt  the attempt whose program wrote it (a job re-run after its worker stopped starts its output again)
 */
public record OutputChunk(String position, int attempt, Stream stream, String text) {

    public OutputChunk {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }

    /** Which of the program's output streams a chunk comes from. */
    public enum Stream {
        STDOUT, STDERR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stream named {@code name} ({@code stdout} or {@code stderr}). */
        public static Stream of(String name) {
            return switch (name) {
                case "stdout" -> STDOUT;
                case "stderr" -> STDERR;
                default -> throw new IllegalArgumentException("Not an output stream: " + name);
            };
        }
    }
}
