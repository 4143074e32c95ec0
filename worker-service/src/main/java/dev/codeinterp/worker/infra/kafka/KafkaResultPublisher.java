package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.worker.execution.ResultPublisher;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes results to the waiting api replica's own topic, with the request's correlation id. A large result that is
 * already in the job store is sent as a reference to it, keeping Kafka messages small.
 */
public final class KafkaResultPublisher implements ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaResultPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ContractJson codec;

    public KafkaResultPublisher(KafkaTemplate<String, byte[]> kafka, ContractJson codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    @Override
    public void publish(ExecutionResult result, boolean storedInJobStore, String replyTopic, byte[] correlationId) {
        byte[] value = codec.encode(result);
        boolean inline = value.length <= Topics.INLINE_RESULT_BYTES || !storedInJobStore;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(replyTopic, result.jobId(),
                inline ? value : new byte[0]);
        if (!inline) {
            record.headers().add(MessageHeaders.RESULT_IN_JOB_STORE, new byte[] {1});
        }
        record.headers().add(MessageHeaders.CORRELATION_ID, correlationId);
        record.headers().add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.RESULT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).whenComplete((sent, error) -> {
            if (error != null) {
                log.error("Could not deliver the result of job {} to {}", result.jobId(), replyTopic, error);
            }
        });
    }
}
