package dev.codeinterp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void shouldKeepMessagesAndCommittedOffsetsAtTheSameAddressWhenRestarted() throws Exception {
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(dir, 2)) {
            String address = kafka.bootstrapServers();
            try (KafkaProducer<String, String> producer = producer(address)) {
                producer.send(new ProducerRecord<>("restarts", 0, "k", "first")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("restarts", 0, "k", "second")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = consumer(address)) {
                assertThat(pollOne(consumer)).isEqualTo("first");
                consumer.commitSync(); // up to "first" only (one record per poll)
            }

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertThat(LocalPorts.isListening(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))))
                    .isFalse();
            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            try (KafkaConsumer<String, String> consumer = consumer(address)) {
                assertThat(pollOne(consumer)).as("the group resumes after its committed offset").isEqualTo("second");
            }
        }
    }

    private static String pollOne(KafkaConsumer<String, String> consumer) {
        consumer.subscribe(List.of("restarts"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                return records.iterator().next().value();
            }
        }
        throw new AssertionError("no record within 60 s");
    }

    private static KafkaProducer<String, String> producer(String address) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String address) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"), new StringDeserializer(), new StringDeserializer());
    }
}
