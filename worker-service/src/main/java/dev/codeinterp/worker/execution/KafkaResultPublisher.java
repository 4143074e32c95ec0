package dev.codeinterp.worker.execution;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.messaging.MessageCodec;
import dev.codeinterp.common.messaging.MessageHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes results to the waiting api replica's own topic, with the request's correlation id. */
public final class KafkaResultPublisher implements ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaResultPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final MessageCodec codec;

    public KafkaResultPublisher(KafkaTemplate<String, byte[]> kafka, MessageCodec codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    @Override
    public void publish(ExecutionResult result, String replyTopic, byte[] correlationId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(replyTopic, result.jobId(), codec.encode(result));
        record.headers().add(MessageHeaders.CORRELATION_ID, correlationId);
        record.headers().add(MessageHeaders.MESSAGE_TYPE, MessageCodec.RESULT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).whenComplete((sent, error) -> {
            if (error != null) {
                log.error("Could not deliver the result of job {} to {}", result.jobId(), replyTopic, error);
            }
        });
    }
}
