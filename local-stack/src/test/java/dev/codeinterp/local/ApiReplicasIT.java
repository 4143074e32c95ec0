package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Two api replicas share the workers; each receives only the results of its own requests, on its own topic. */
class ApiReplicasIT {

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startSecondReplica() {
        TestStack.get();
        second = LocalStack.startApiReplica(EmbeddedInfrastructure.shared(), Map.of(
                "app.http-listen-addr", "127.0.0.1:0", "app.instance-id", "e2e-second"));
    }

    @AfterAll
    static void stopSecondReplica() {
        second.close();
    }

    @Test
    void shouldDeliverEachResultOnlyToTheReplicaThatAskedForIt() {
        WebTestClient first = TestStack.client();
        WebTestClient other = TestStack.clientFor(LocalStack.baseUrlOf(second));
        List<String> firstJobs = new ArrayList<>();
        List<String> secondJobs = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            Map<String, Object> a = TestHttp.post(first, "/v1/execute",
                    Map.of("chat_id", "replicas", "source_code", "print('first " + i + "')"), 200);
            Map<String, Object> b = TestHttp.post(other, "/v1/execute",
                    Map.of("chat_id", "replicas", "source_code", "print('second " + i + "')"), 200);
            assertThat(a).containsEntry("stdout", "first " + i + "\n");
            assertThat(b).containsEntry("stdout", "second " + i + "\n");
            firstJobs.add((String) a.get("job_id"));
            secondJobs.add((String) b.get("job_id"));
        }

        assertThat(keysOf(Topics.resultsFor("e2e-second"))).containsExactlyInAnyOrderElementsOf(secondJobs)
                .doesNotContainAnyElementsOf(firstJobs);
        assertThat(keysOf(Topics.resultsFor("e2e-main"))).containsAll(firstJobs)
                .doesNotContainAnyElementsOf(secondJobs);
    }

    private static List<String> keysOf(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.shared().kafka().bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replica-test-" + System.nanoTime());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> keys = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            int emptyPolls = 0;
            while (System.currentTimeMillis() < deadline && emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && !keys.isEmpty()) {
                    emptyPolls++;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    keys.add(record.key());
                }
            }
            return keys;
        }
    }
}
