package dev.codeinterp.api;

import dev.codeinterp.api.health.HealthCheckCommand;
import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.common.health.ManagementListenAddress;
import java.util.List;
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
        return new SpringApplicationBuilder(ApiApplication.class).properties("spring.config.name=api-service")
                .listeners(new ManagementListenAddress(ManagementListenAddress.SECOND_SERVER));
    }

    /** Serves the api; {@code health-check [base URL]} instead checks a running one ({@link HealthCheckCommand}). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(HealthCheckCommand.NAME)) {
            System.exit(HealthCheckCommand.run(List.of(args), System.getenv(), System.out));
        }
        builder().run(args);
    }
}
