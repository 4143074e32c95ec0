package dev.codeinterp.local.faults;

import java.util.Set;

/**
 * One sight of a job's outcome by its caller: the answer of {@code /v1/execute}, or a {@code GET /v1/jobs/{id}}.
 *
 * @param status       the job's status ({@code succeeded}, {@code failed}, … or {@code running} when not ended)
 * @param stdout       the program's stdout, empty when there is no result
 * @param fileReturned whether the result lists the file the program wrote
 */
record Observation(String status, String stdout, boolean fileReturned) {

    static final String SUCCEEDED = "succeeded";
    /** A job's end: its terminal statuses, and a record gone ({@code GET} answered 404). */
    private static final Set<String> ENDS = Set.of(SUCCEEDED, "failed", "timed_out", "cancelled", "expired",
            "http-404");

    /** Whether this shows the job's end (not a job still queued or running, nor an api that could not answer). */
    boolean isTerminal() {
        return ENDS.contains(status) || status.startsWith("exit-");
    }

    /** The run's nonce when the program printed {@code marker nonce}, else null. */
    String nonceAfter(String marker) {
        String line = stdout.strip();
        return line.startsWith(marker + " ") ? line.substring(marker.length() + 1) : null;
    }
}
