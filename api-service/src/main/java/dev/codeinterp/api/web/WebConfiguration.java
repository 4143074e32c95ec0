package dev.codeinterp.api.web;

import dev.codeinterp.common.net.ListenAddress;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    JsonBodies jsonBodies(JsonMapper mapper, WebSettings settings) {
        return new JsonBodies(mapper, settings.maxRequestBodyBytes());
    }

    @Bean
    UnreadBodyDrain unreadBodyDrain() {
        return new UnreadBodyDrain(UnreadBodyDrain.DEFAULT_MAX_DRAIN_BYTES);
    }

    @Bean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs);
    }

    /**
     * Event loops of this application alone: with Reactor Netty's global resources, stopping one api context would
     * stop every other one in the JVM (the embedded all-in-one mode and tests run several).
     */
    @Bean
    ReactorResourceFactory reactorServerResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    /** Listens on {@code APP_HTTP_LISTEN_ADDR} ({@code host:port}, IPv6 as {@code [::1]:port}). */
    @Bean
    WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory> listenAddress(WebSettings settings) {
        ListenAddress address = ListenAddress.parse(settings.listenAddr(), "APP_HTTP_LISTEN_ADDR");
        return factory -> {
            factory.setAddress(address.host());
            factory.setPort(address.port());
        };
    }
}
