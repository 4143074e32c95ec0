package dev.codeinterp.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.embedded.KafkaBroker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Against a real broker, and against a port where none listens. */
class KafkaHealthIndicatorIT {

    private static final Duration TIMEOUT = Duration.ofMillis(900);

    @Test
    void shouldBeUpWithTheBrokerCountWhenTheBrokerAnswers() {
        try (KafkaBroker broker = KafkaBroker.start(); Admin admin = admin(broker.bootstrapServers())) {
            Health health = new KafkaHealthIndicator(admin, TIMEOUT).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1);
        }
    }

    @Test
    void shouldBeDownWhenNoBrokerListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Admin admin = admin("127.0.0.1:" + port)) {
            Health health = new KafkaHealthIndicator(admin, TIMEOUT).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }
}
