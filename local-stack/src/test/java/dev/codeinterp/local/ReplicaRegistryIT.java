package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.common.replica.ReplicaRegistry;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An api replica is registered with a heartbeat while it runs (before its result topic exists) and marked gone when it
 * stops cleanly, so the janitor deletes its result topic at once; a replica given no instance id takes its pod name.
 */
class ReplicaRegistryIT {

    @Test
    void shouldRegisterAReplicaNamedAfterItsPodWhileItRunsAndUnregisterItWhenItStops() throws Exception {
        ReplicaRegistry registry = TestStack.get().apiBean(ReplicaRegistry.class);
        ConfigurableApplicationContext replica = LocalStack.startApiReplica(EmbeddedInfrastructure.shared(), Map.of(
                "app.http-listen-addr", "127.0.0.1:0", "app.api-pod-name", "e2e-api-pod-x7"));
        try {
            assertThat(registry.lastHeartbeats()).containsKeys("e2e-main", "e2e-api-pod-x7");
            assertThat(resultTopics()).contains(Topics.resultsFor("e2e-api-pod-x7"));
        } finally {
            replica.close();
        }

        // stopped cleanly, it is gone at once: the janitor deletes its topic at its next round and forgets it
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(resultTopics()).doesNotContain(Topics.resultsFor("e2e-api-pod-x7"));
            assertThat(registry.lastHeartbeats()).containsKey("e2e-main").doesNotContainKey("e2e-api-pod-x7");
        });
    }

    private static java.util.Set<String> resultTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedInfrastructure.shared().kafka().bootstrapServers()))) {
            return admin.listTopics().names().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        }
    }
}
