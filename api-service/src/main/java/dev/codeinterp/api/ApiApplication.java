package dev.codeinterp.api;

import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.common.messaging.JobTopicConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The api-service: HTTP in, jobs to Kafka, results back by correlation id. */
@SpringBootApplication
@Import({CommonInfrastructureConfiguration.class, JobTopicConfiguration.class})
public class ApiApplication {

    /** The application with its own configuration file ({@code api-service.yml}), so services can share a JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiApplication.class).properties("spring.config.name=api-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
