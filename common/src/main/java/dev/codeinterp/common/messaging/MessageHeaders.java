package dev.codeinterp.common.messaging;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;

/** Kafka header keys and values, in one place. */
public final class MessageHeaders {

    /** Ties a result to the waiting request (the job id); the name spring-kafka's request/reply uses. */
    public static final String CORRELATION_ID = "kafka_correlationId";
    /** The topic the result goes to: the waiting api replica's own topic; the name spring-kafka uses. */
    public static final String REPLY_TOPIC = "kafka_replyTopic";
    /** The record type and its schema version, e.g. {@code ExecutionJob/1}. */
    public static final String MESSAGE_TYPE = "ci-message-type";
    /** {@link #MESSAGE_TYPE} of a job. */
    public static final String JOB_TYPE = "ExecutionJob/" + ExecutionJob.SCHEMA_VERSION;
    /** {@link #MESSAGE_TYPE} of a result. */
    public static final String RESULT_TYPE = "ExecutionResult/" + ExecutionResult.SCHEMA_VERSION;

    /**
     * Present on a result message whose value is empty because the result was too large to travel inline: read it
     * from the job store instead (it is always stored there before it is published).
     */
    public static final String RESULT_IN_JOB_STORE = "ci-result-in-job-store";

    /** On a dead letter: why no worker could take the message. */
    public static final String DEAD_LETTER_REASON = "ci-dead-letter-reason";
    /** On a dead letter: where it was read, {@code <topic>-<partition>@<offset>}. */
    public static final String DEAD_LETTER_SOURCE = "ci-dead-letter-source";

    private MessageHeaders() {
    }
}
