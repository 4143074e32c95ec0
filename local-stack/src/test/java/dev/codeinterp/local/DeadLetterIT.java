package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.worker.infra.kafka.DeadLetterTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A poison message on the job topic lands in the dead-letter topic, and the worker goes on taking jobs. */
class DeadLetterIT {

    private final WebTestClient client = TestStack.client();
    private final String bootstrap = EmbeddedInfrastructure.shared().kafka().bootstrapServers();

    @Test
    void shouldMoveAPoisonMessageToTheDeadLetterTopicAndKeepServing() throws Exception {
        TestStack.get();
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.JOBS, key,
                    "\u0000 not a job".getBytes(StandardCharsets.UTF_8));
            poison.headers().add(MessageHeaders.MESSAGE_TYPE,
                    MessageHeaders.JOB_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }

        ConsumerRecord<String, byte[]> letter = DeadLetterTopic.awaitLetter(bootstrap, key, Duration.ofSeconds(30));

        assertThat(new String(letter.headers().lastHeader(MessageHeaders.DEAD_LETTER_REASON).value(),
                StandardCharsets.UTF_8)).startsWith("Unreadable job message: ");
        assertThat(TestHttp.post(client, "/v1/execute", Map.of("chat_id", "after-poison",
                "source_code", "print(21 * 2)"), 200)).containsEntry("stdout", "42\n");
    }
}
