package dev.codeinterp.common.messaging;

/** Kafka topic names, in one place. */
public final class Topics {

    /** Execution jobs, keyed by chat id. */
    public static final String JOBS = "code-interpreter.jobs.v1";

    /**
     * Job messages no worker can read (unreadable, unknown type or schema version), as they came, with headers naming
     * the reason ({@code MessageHeaders.DEAD_LETTER_REASON}) and where they were read.
     */
    public static final String JOBS_DLQ = "code-interpreter.jobs.dlq.v1";

    /**
     * Prefix of the per-replica result topics: each api replica reads only its own topic
     * ({@code code-interpreter.results.v1.<replica id>}), so no replica reads another's results.
     */
    public static final String RESULTS_PREFIX = "code-interpreter.results.v1.";

    /** Prefix of the consumer group of each api replica's result listener: {@code code-interpreter-api-<replica id>}. */
    public static final String RESULT_GROUP_PREFIX = "code-interpreter-api-";

    /**
     * Largest message on the job topic: a job carries up to 1 MiB of source, which JSON escaping can grow several
     * times. Producers and the topic are configured for it; results larger than {@link #INLINE_RESULT_BYTES} travel
     * through the job store instead.
     */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Results encoded larger than this are not sent inline (see {@code MessageHeaders.RESULT_IN_JOB_STORE}). */
    public static final int INLINE_RESULT_BYTES = 512 * 1024;

    private Topics() {
    }

    public static String resultsFor(String replicaId) {
        return RESULTS_PREFIX + replicaId;
    }

    public static String resultGroupFor(String replicaId) {
        return RESULT_GROUP_PREFIX + replicaId;
    }
}
