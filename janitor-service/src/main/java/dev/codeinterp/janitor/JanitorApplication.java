package dev.codeinterp.janitor;

import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.common.health.ManagementListenAddress;
import dev.codeinterp.common.health.ManagementServerConfiguration;
import dev.codeinterp.janitor.config.JanitorProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The janitor-service: small sweepers that keep jobs, grants and objects tidy. */
@SpringBootApplication
@EnableScheduling
@Import({CommonInfrastructureConfiguration.class, ManagementServerConfiguration.class})
@EnableConfigurationProperties(JanitorProperties.class)
public class JanitorApplication {

    /** The application with its own configuration file ({@code janitor-service.yml}), so services can share a JVM;
     * its HTTP server serves only its health ({@link ManagementServerConfiguration}). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(JanitorApplication.class).web(WebApplicationType.REACTIVE)
                .properties("spring.config.name=janitor-service")
                .listeners(new ManagementListenAddress(ManagementListenAddress.ONLY_SERVER));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
