package dev.codeinterp.common.health;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The HTTP server of a service that serves nothing but its health and metrics (worker, janitor), on
 * {@code APP_MANAGEMENT_LISTEN_ADDR} ({@link ManagementListenAddress}).
 */
@Configuration(proxyBeanMethods = false)
public class ManagementServerConfiguration {

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
}
