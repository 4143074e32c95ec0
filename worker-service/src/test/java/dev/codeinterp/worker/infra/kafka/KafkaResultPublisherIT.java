package dev.codeinterp.worker.infra.kafka;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.embedded.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class KafkaResultPublisherIT {

    private static final ContractJson CODEC = new ContractJson();
    private static final byte[] CORRELATION_ID = "correlation-42".getBytes(StandardCharsets.UTF_8);

    private static KafkaBroker kafka;
    private static DefaultKafkaProducerFactory<String, byte[]> producers;
    private static KafkaResultPublisher publisher;

    private String replyTopic;

    @BeforeAll
    static void connect() {
        kafka = EmbeddedInfrastructure.shared().kafka();
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        publisher = new KafkaResultPublisher(new KafkaTemplate<>(producers), CODEC);
    }

    @AfterAll
    static void disconnect() {
        producers.destroy();
    }

    @BeforeEach
    void createReplyTopic() {
        replyTopic = Topics.resultsFor("api-" + UUID.randomUUID());
        kafka.createTopics(Map.of(replyTopic, 1));
    }

    @Test
    void shouldSendSmallResultInlineWithCorrelationIdWhenPublished() {
        // given
        ExecutionResult result = aResult().forJob("job-" + UUID.randomUUID()).build();

        // when
        publisher.publish(result, true, replyTopic, CORRELATION_ID);

        // then
        ConsumerRecord<String, byte[]> record = receiveOne();
        assertThat(record.key()).isEqualTo(result.jobId());
        assertThat(CODEC.decodeResult(record.value())).isEqualTo(result);
        assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo(CORRELATION_ID);
        assertThat(new String(header(record, MessageHeaders.MESSAGE_TYPE), StandardCharsets.UTF_8))
                .isEqualTo(MessageHeaders.RESULT_TYPE);
        assertThat(record.headers().lastHeader(MessageHeaders.RESULT_IN_JOB_STORE)).isNull();
    }

    @Test
    void shouldSendEmptyValueMarkedInJobStoreWhenLargeResultIsStored() {
        // given
        ExecutionResult result = aLargeResult();

        // when
        publisher.publish(result, true, replyTopic, CORRELATION_ID);

        // then
        ConsumerRecord<String, byte[]> record = receiveOne();
        assertThat(record.key()).isEqualTo(result.jobId());
        assertThat(record.value()).isEmpty();
        assertThat(header(record, MessageHeaders.RESULT_IN_JOB_STORE)).isNotNull();
        assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo(CORRELATION_ID);
    }

    @Test
    void shouldSendLargeResultInlineWhenItIsNotStored() {
        // given
        ExecutionResult result = aLargeResult();

        // when
        publisher.publish(result, false, replyTopic, CORRELATION_ID);

        // then
        ConsumerRecord<String, byte[]> record = receiveOne();
        assertThat(record.value().length).isGreaterThan(Topics.INLINE_RESULT_BYTES);
        assertThat(CODEC.decodeResult(record.value())).isEqualTo(result);
        assertThat(record.headers().lastHeader(MessageHeaders.RESULT_IN_JOB_STORE)).isNull();
        assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo(CORRELATION_ID);
    }

    @Test
    void shouldGiveUpAfterBoundedRetriesWhenTheBrokerIsUnreachable() {
        DefaultKafkaProducerFactory<String, byte[]> unreachable = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300));
        try {
            KafkaResultPublisher cutOff = new KafkaResultPublisher(new KafkaTemplate<>(unreachable), CODEC);
            ExecutionResult result = aResult().forJob("job-" + UUID.randomUUID()).build();

            assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> cutOff.publish(result, true, replyTopic, CORRELATION_ID));
        } finally {
            unreachable.destroy();
        }
    }

    private static ExecutionResult aLargeResult() {
        ExecutionResult result = aResult().forJob("job-" + UUID.randomUUID())
                .withStdout("x".repeat(Topics.INLINE_RESULT_BYTES + 1024)).build();
        assertThat(CODEC.encode(result).length).isGreaterThan(Topics.INLINE_RESULT_BYTES);
        return result;
    }

    private ConsumerRecord<String, byte[]> receiveOne() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(replyTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                        return !received.isEmpty();
                    });
            assertThat(received).hasSize(1);
            return received.get(0);
        }
    }

    private static byte[] header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : header.value();
    }
}
