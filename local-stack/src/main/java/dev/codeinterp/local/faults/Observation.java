package dev.codeinterp.local.faults;

/**
 * One sight of a job's outcome by its caller: the answer of {@code /v1/execute}, or a {@code GET /v1/jobs/{id}}.
 *
 * @param status       the job's status ({@code succeeded}, {@code failed}, … or {@code running} when not ended)
 * @param stdout       the program's stdout, empty when there is no result
 * @param fileReturned whether the result lists the file the program wrote
 */
record Observation(String status, String stdout, boolean fileReturned) {

    static final String SUCCEEDED = "succeeded";

    boolean isTerminal() {
        return !status.equals("queued") && !status.equals("running");
    }

    /** The run's nonce when the program printed {@code marker nonce}, else null. */
    String nonceAfter(String marker) {
        String line = stdout.strip();
        return line.startsWith(marker + " ") ? line.substring(marker.length() + 1) : null;
    }
}
