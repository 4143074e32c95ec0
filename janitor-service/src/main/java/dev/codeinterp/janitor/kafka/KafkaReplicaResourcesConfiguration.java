package dev.codeinterp.janitor.kafka;

import dev.codeinterp.janitor.sweep.ReplicaResources;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The janitor's Kafka admin client, on the broker every service uses ({@code APP_KAFKA_BOOTSTRAP_SERVERS}, bound to
 * {@code spring.kafka.bootstrap-servers}); it connects in the background, and a sweeper whose call fails is retried next round.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaReplicaResourcesConfiguration {

    /** Longest wait for one admin call; a round that takes longer fails and the next retries. */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    /** Named apart from Boot's own {@code kafkaAdmin}, which exists where the janitor shares a classpath with the api. */
    @Bean(destroyMethod = "close")
    Admin replicaResourcesAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "code-interpreter-janitor",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    @Bean
    ReplicaResources replicaResources(Admin replicaResourcesAdmin) {
        return new KafkaReplicaResources(replicaResourcesAdmin, ADMIN_TIMEOUT);
    }
}
