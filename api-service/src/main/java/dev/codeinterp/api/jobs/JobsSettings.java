package dev.codeinterp.api.jobs;

/**
 * @param maxBatchSize        {@code APP_MAX_BATCH_SIZE}: most jobs in one {@code /v1/jobs/batch} request
 * @param maxEventStreams     {@code APP_MAX_EVENT_STREAMS}: event streams open at once on one replica (503 beyond); 0
 *                            = unlimited
 * @param chatMaxEventStreams {@code APP_CHAT_MAX_EVENT_STREAMS}: event streams of one chat open at once on one replica
 *                            (429 beyond); 0 = unlimited
 */
public record JobsSettings(int maxBatchSize, int maxEventStreams, int chatMaxEventStreams) {

    public JobsSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("APP_MAX_BATCH_SIZE must be at least 1");
        }
        if (maxEventStreams < 0) {
            throw new IllegalArgumentException("APP_MAX_EVENT_STREAMS must be 0 (unlimited) or positive");
        }
        if (chatMaxEventStreams < 0) {
            throw new IllegalArgumentException("APP_CHAT_MAX_EVENT_STREAMS must be 0 (unlimited) or positive");
        }
    }
}
