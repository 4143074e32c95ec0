package dev.codeinterp.common.messaging;

/** Kafka header keys, in one place. */
public final class MessageHeaders {

    /** Ties a result to the waiting request (the job id); the name spring-kafka's request/reply uses. */
    public static final String CORRELATION_ID = "kafka_correlationId";
    /** The topic the result goes to: the waiting api replica's own topic; the name spring-kafka uses. */
    public static final String REPLY_TOPIC = "kafka_replyTopic";
    /** The record type and its schema version, e.g. {@code ExecutionJob/1}. */
    public static final String MESSAGE_TYPE = "ci-message-type";

    /**
     * Present on a result message whose value is empty because the result was too large to travel inline: read it
     * from the job store instead (it is always stored there before it is published).
     */
    public static final String RESULT_IN_JOB_STORE = "ci-result-in-job-store";

    private MessageHeaders() {
    }
}
