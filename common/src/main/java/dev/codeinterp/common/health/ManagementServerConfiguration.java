package dev.codeinterp.common.health;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The HTTP server of a service that serves nothing else (worker, janitor): its health, on
 * {@code APP_MANAGEMENT_LISTEN_ADDR}.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementServerConfiguration {

    static final String SETTING = "APP_MANAGEMENT_LISTEN_ADDR";

    /**
     * Event loops of this application alone: with Reactor Netty's global resources, stopping one context would stop
     * every other one in the JVM (the embedded all-in-one mode and tests run several).
     */
    @Bean
    ReactorResourceFactory reactorServerResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory> managementListenAddress(
            @Value("${app.management-listen-addr:0.0.0.0:50082}") String value) {
        ListenAddress address = ListenAddress.parse(value, SETTING);
        return factory -> {
            factory.setAddress(address.host());
            factory.setPort(address.port());
        };
    }
}
