package dev.codeinterp.common.health;

import dev.codeinterp.common.files.FileStore;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The readiness checks every service shares: Kafka ({@code kafka}) and the file store ({@code fileStore}); Redis's
 * ({@code redis}) is Spring Boot's own. Each service's readiness group names those it depends on.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    /** Longest a readiness probe waits for Kafka: below the probes' usual timeout (Kubernetes: 1 s by default). */
    static final Duration KAFKA_TIMEOUT = Duration.ofMillis(900);

    /** An admin client of its own: named apart from Boot's {@code kafkaAdmin} and the janitor's. */
    @Bean(destroyMethod = "close")
    Admin healthKafkaAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${spring.application.name:code-interpreter}") String service) {
        int timeout = (int) KAFKA_TIMEOUT.toMillis();
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, service + "-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin healthKafkaAdmin) {
        return new KafkaHealthIndicator(healthKafkaAdmin, KAFKA_TIMEOUT);
    }

    @Bean
    FileStoreHealthIndicator fileStoreHealthIndicator(FileStore fileStore) {
        return new FileStoreHealthIndicator(fileStore);
    }
}
