package dev.codeinterp.common.messaging;

/** Kafka topic names, in one place. */
public final class Topics {

    /** Execution jobs, keyed by chat id. */
    public static final String JOBS = "code-interpreter.jobs.v1";

    /**
     * Prefix of the per-replica result topics: each api replica reads only its own topic
     * ({@code code-interpreter.results.v1.<replica id>}), so no replica reads another's results.
     */
    public static final String RESULTS_PREFIX = "code-interpreter.results.v1.";

    private Topics() {
    }

    public static String resultsFor(String replicaId) {
        return RESULTS_PREFIX + replicaId;
    }
}
