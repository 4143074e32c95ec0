package dev.codeinterp.worker;

import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.common.health.ManagementListenAddress;
import dev.codeinterp.common.health.ManagementServerConfiguration;
import dev.codeinterp.common.messaging.JobTopicConfiguration;
import dev.codeinterp.worker.config.KubernetesExecutorProperties;
import dev.codeinterp.worker.config.PackageProperties;
import dev.codeinterp.worker.config.WorkerProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The worker-service: takes jobs from Kafka and runs each in a fresh sandbox. */
@SpringBootApplication
@Import({CommonInfrastructureConfiguration.class, JobTopicConfiguration.class, ManagementServerConfiguration.class})
@EnableConfigurationProperties({WorkerProperties.class, KubernetesExecutorProperties.class, PackageProperties.class})
public class WorkerApplication {

    /** The application with its own configuration file ({@code worker-service.yml}), so services can share a JVM;
     * its HTTP server serves only its health ({@link ManagementServerConfiguration}). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.REACTIVE)
                .properties("spring.config.name=worker-service")
                .listeners(new ManagementListenAddress(ManagementListenAddress.ONLY_SERVER));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
