package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Moves a job message that no worker can read to {@link Topics#JOBS_DLQ}, as it came (key, value, headers), with the
 * reason and its source added. The send is acknowledged before the caller commits the offset, retried a few times
 * with backoff; only then is the message given up, loudly.
 */
final class KafkaDeadLetters implements DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetters.class);
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final KafkaTemplate<String, byte[]> kafka;

    KafkaDeadLetters(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.JOBS_DLQ, record.key(), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(MessageHeaders.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add(MessageHeaders.DEAD_LETTER_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                kafka.send(letter).get(30, TimeUnit.SECONDS);
                log.error("Job message {} moved to {}: {}", source, Topics.JOBS_DLQ, reason);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.warn("Could not move job message {} to {} (attempt {} of {}): {}", source, Topics.JOBS_DLQ,
                        attempt, ATTEMPTS, e.toString());
                if (attempt < ATTEMPTS && !sleep(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        log.error("Job message {} dropped: it could not be read ({}), nor moved to {}", source, reason,
                Topics.JOBS_DLQ);
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
