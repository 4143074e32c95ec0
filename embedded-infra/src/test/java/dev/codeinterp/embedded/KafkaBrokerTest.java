package dev.codeinterp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private static final String REQUEST_HANDLERS = "data-plane-kafka-request-handler-";
    private static final String GROUP_COORDINATORS = "group-coordinator-event-processor-";

    private static KafkaBroker kafka;
    /** Those of brokers that other test classes of this JVM left running (their shared stack). */
    private static long otherRequestHandlers;
    private static long otherGroupCoordinators;

    @BeforeAll
    static void startBroker() {
        otherRequestHandlers = liveThreadsNamed(REQUEST_HANDLERS);
        otherGroupCoordinators = liveThreadsNamed(GROUP_COORDINATORS);
        kafka = KafkaBroker.start(5, Map.of("jobs", 8, "results", 3));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Test
    void shouldKeepFewPollingThreadsWhenStarted() {
        // the broker's pool and the (combined) controller's, named alike; Kafka's default is 8 each
        assertThat(liveThreadsNamed(REQUEST_HANDLERS) - otherRequestHandlers)
                .isEqualTo(2L * KafkaBroker.REQUEST_HANDLER_THREADS);
        assertThat(liveThreadsNamed(GROUP_COORDINATORS) - otherGroupCoordinators).isEqualTo(1);
    }

    private static long liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(prefix)).count();
    }

    @Test
    void createsRequestedTopicsWithTheirPartitionCounts() throws Exception {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("jobs", "results"))
                    .allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.get("jobs").partitions()).hasSize(8);
            assertThat(topics.get("results").partitions()).hasSize(3);
        }
        kafka.createTopics(Map.of("jobs", 8)); // already exists: tolerated
    }

    @Test
    void producesAndConsumesOneRecordWithPlainClients() throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            sent = producer.send(new ProducerRecord<>("jobs", "job-1", "print(1)")).get(10, TimeUnit.SECONDS);
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("jobs"));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    received = record;
                }
            }
            assertThat(received).isNotNull();
            assertThat(received.key()).isEqualTo("job-1");
            assertThat(received.value()).isEqualTo("print(1)");
            assertThat(received.partition()).isEqualTo(sent.partition());
            assertThat(received.offset()).isEqualTo(sent.offset());
        }
    }

    @Test
    void autoCreatesUnknownTopicsWithTheDefaultPartitionCount() throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(20, TimeUnit.SECONDS);
        }
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of("auto-created"))
                    .allTopicNames().get(10, TimeUnit.SECONDS).get("auto-created");
            assertThat(description.partitions()).hasSize(kafka.defaultPartitions()).hasSize(5);
        }
    }

    @Test
    void doesNotPublishTheJvmWideBootstrapProperty() {
        assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isNull();
        assertThat(kafka.bootstrapServers()).matches("[\\w.\\-]+:\\d+");
    }
}
