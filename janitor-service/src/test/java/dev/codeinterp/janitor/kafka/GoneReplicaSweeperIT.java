package dev.codeinterp.janitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.infra.redis.RedisReplicaRegistry;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.embedded.KafkaBroker;
import dev.codeinterp.janitor.sweep.GoneReplicaSweeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gone-replica sweeper against a real Kafka broker and a real redis-server: result topics and consumer groups as an
 * api replica leaves them (a one-partition topic, a group holding a committed offset), heartbeats in the registry.
 */
class GoneReplicaSweeperIT {

    private static final Duration GRACE = Duration.ofMinutes(10);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeleteOnlyTheTopicAndGroupOfTheReplicaGonePastTheGrace() throws Exception {
        redis.flushAll();
        Instant now = Instant.now();
        RedisReplicaRegistry registry = new RedisReplicaRegistry(redis.template());
        for (String id : List.of("gone", "live", "within-grace")) {
            givenReplicaResources(id);
        }
        registry.heartbeat("gone", now.minus(GRACE).minusSeconds(1));
        registry.heartbeat("live", now.minusSeconds(2));
        registry.heartbeat("within-grace", now.minus(GRACE).plusSeconds(30));
        GoneReplicaSweeper sweeper = new GoneReplicaSweeper(registry,
                new KafkaReplicaResources(admin, Duration.ofSeconds(30)), GRACE, 10);

        assertThat(sweeper.sweepOnce(now)).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(resultTopics()).containsExactlyInAnyOrder(Topics.resultsFor("live"),
                    Topics.resultsFor("within-grace"));
            assertThat(resultGroups()).containsExactlyInAnyOrder(Topics.resultGroupFor("live"),
                    Topics.resultGroupFor("within-grace"));
        });
        assertThat(registry.lastHeartbeats()).containsOnlyKeys("live", "within-grace");
        assertThat(new KafkaReplicaResources(admin, Duration.ofSeconds(30)).replicaIds())
                .containsExactlyInAnyOrder("live", "within-grace");
    }

    @Test
    void shouldDoNothingWhenAGoneReplicasResourcesAreAlreadyDeleted() {
        redis.flushAll();
        KafkaReplicaResources resources = new KafkaReplicaResources(admin, Duration.ofSeconds(30));

        resources.delete("never-existed");

        assertThat(resources.replicaIds()).doesNotContain("never-existed");
    }

    /** A result topic and a consumer group with a committed offset on it, as an api replica's listener leaves. */
    private static void givenReplicaResources(String id) throws Exception {
        String topic = Topics.resultsFor(id);
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        admin.alterConsumerGroupOffsets(Topics.resultGroupFor(id),
                Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
    }

    private static Set<String> resultTopics() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(Topics.RESULTS_PREFIX)).collect(Collectors.toSet());
    }

    private static Set<String> resultGroups() throws Exception {
        return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream().map(ConsumerGroupListing::groupId)
                .filter(group -> group.startsWith(Topics.RESULT_GROUP_PREFIX)).collect(Collectors.toSet());
    }
}
