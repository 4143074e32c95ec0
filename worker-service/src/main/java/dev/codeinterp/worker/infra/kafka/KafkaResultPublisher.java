package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.worker.execution.ResultPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes results to the waiting api replica's own topic, with the request's correlation id. A large result that is
 * already in the job store is sent as a reference to it, keeping Kafka messages small. Publishing returns once the
 * broker has acknowledged the result (retried a few times with backoff), so the job's offset commits only after
 * that; when even the retries fail, the waiting replica still finds a stored result in the job store at its reply
 * timeout.
 */
public final class KafkaResultPublisher implements ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaResultPublisher.class);
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

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
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                kafka.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("Could not deliver the result of job {} to {} (attempt {} of {}): {}", result.jobId(),
                        replyTopic, attempt, ATTEMPTS, e.toString());
                if (attempt < ATTEMPTS && !sleep(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        log.error("The result of job {} did not reach {}{}", result.jobId(), replyTopic,
                storedInJobStore ? "; its caller finds it in the job store" : " and is lost to its caller");
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
