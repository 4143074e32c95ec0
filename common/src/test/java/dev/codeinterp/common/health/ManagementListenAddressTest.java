package dev.codeinterp.common.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ManagementListenAddressTest {

    @Test
    void shouldMakeItTheOnlyServerOfAWorkerOrJanitor() {
        StandardEnvironment environment = prepared(ManagementListenAddress.ONLY_SERVER,
                Map.of("app.management-listen-addr", "127.0.0.1:0"));

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("server.port")).isEqualTo("0");
    }

    @Test
    void shouldMakeItTheApisSecondServerOnTheDefaultAddressWhenUnset() {
        StandardEnvironment environment = prepared(ManagementListenAddress.SECOND_SERVER, Map.of());

        assertThat(environment.getProperty("management.server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getProperty("management.server.port")).isEqualTo("50082");
        assertThat(environment.getProperty("server.port")).isNull();
    }

    @Test
    void shouldRefuseTheApisOwnPortWhichWouldServeMetricsToEveryClient() {
        assertThatThrownBy(() -> prepared(ManagementListenAddress.SECOND_SERVER, Map.of(
                "app.management-listen-addr", "0.0.0.0:50081", "app.http-listen-addr", "127.0.0.1:50081")))
                .hasMessage("APP_MANAGEMENT_LISTEN_ADDR must not use the port of APP_HTTP_LISTEN_ADDR (50081)");
    }

    private static StandardEnvironment prepared(String prefix, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new ManagementListenAddress(prefix).onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
        return environment;
    }
}
