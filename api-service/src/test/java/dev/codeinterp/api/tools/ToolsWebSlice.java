package dev.codeinterp.api.tools;

import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.InMemoryJobStore;
import java.time.Clock;
import java.util.ArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import reactor.core.publisher.Mono;

/**
 * The api's custom-tool endpoints and shared web layer over a real server, for HTTP tests of the api alone: the
 * execute use case keeps everything in memory, and any job it dispatches fails, as there is no worker.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(ApiProperties.class)
@ComponentScan(basePackages = {"dev.codeinterp.api.web", "dev.codeinterp.api.tools"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
class ToolsWebSlice {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ExecuteCode executeCode(ApiProperties properties, Clock clock) {
        return new ExecuteCode(properties, new InMemoryGrantLedger(), new RecordingOrphanedObjects(new ArrayList<>()),
                new InMemoryJobStore(), (job, timeout) -> Mono.error(new IllegalStateException("No worker here")),
                InMemoryAdmissionControl.unlimited(), clock);
    }
}
