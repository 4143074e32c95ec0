package dev.codeinterp.worker.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.embedded.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Dead letters reach their topic, against a real broker, as they came plus the reason and their source. */
class KafkaDeadLettersIT {

    private static KafkaBroker kafka;
    private static DefaultKafkaProducerFactory<String, byte[]> producers;

    @BeforeAll
    static void connect() {
        kafka = EmbeddedInfrastructure.shared().kafka();
        kafka.createTopics(Map.of(Topics.JOBS_DLQ, 1));
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterAll
    static void disconnect() {
        producers.destroy();
    }

    @Test
    void shouldMoveTheMessageAsItCameWithTheReasonAndItsSource() {
        String key = "job-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> unreadable = new ConsumerRecord<>(Topics.JOBS, 3, 41L, key, utf8("{not json"));
        unreadable.headers().add(MessageHeaders.MESSAGE_TYPE, utf8(MessageHeaders.JOB_TYPE));

        new KafkaDeadLetters(new KafkaTemplate<>(producers)).send(unreadable, "Unreadable job message: bad JSON");

        ConsumerRecord<String, byte[]> letter = DeadLetterTopic.awaitLetter(kafka.bootstrapServers(), key,
                Duration.ofSeconds(20));
        assertThat(letter.value()).isEqualTo(utf8("{not json"));
        assertThat(header(letter, MessageHeaders.MESSAGE_TYPE)).isEqualTo(MessageHeaders.JOB_TYPE);
        assertThat(header(letter, MessageHeaders.DEAD_LETTER_REASON)).isEqualTo("Unreadable job message: bad JSON");
        assertThat(header(letter, MessageHeaders.DEAD_LETTER_SOURCE)).isEqualTo(Topics.JOBS + "-3@41");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
