package dev.codeinterp.worker.infra.kafka;

import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the dead-letter topic of a real broker, for tests that expect a message to land there. */
public final class DeadLetterTopic {

    private DeadLetterTopic() {
    }

    /** The first dead letter with {@code key}, waiting up to {@code within} for it. */
    public static ConsumerRecord<String, byte[]> awaitLetter(String bootstrapServers, String key, Duration within) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.JOBS_DLQ, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
            await().atMost(within).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(letter -> {
                    if (key.equals(letter.key())) {
                        ours.add(letter);
                    }
                });
                return !ours.isEmpty();
            });
            return ours.get(0);
        }
    }
}
