package dev.codeinterp.common.config;

import dev.codeinterp.common.health.HealthConfiguration;
import dev.codeinterp.common.infra.redis.RedisStoresConfiguration;
import dev.codeinterp.common.job.JobEndListener;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.metrics.ExecutionOutcomeMetrics;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * What every service shares: the file store, the Redis adapters ({@link RedisStoresConfiguration}: grant ledger, job
 * store), the job lifecycle (which starts a job's callback when it ends: {@link CallbackConfiguration}), the message
 * codec, the clock, and the readiness checks of Kafka and the file store ({@link HealthConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import({FileStoreConfiguration.class, RedisStoresConfiguration.class, CallbackConfiguration.class,
        HealthConfiguration.class})
@EnableConfigurationProperties(S3Properties.class)
@PropertySource("classpath:dev/codeinterp/common/infrastructure.properties")
public class CommonInfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Lettuce reconnects to a Redis that went away by itself, but with delays doubling up to 30 s: after a 10 s outage
     * a service would stay unavailable for seconds more. Capped at 1 s, it serves again about a second after Redis is
     * back.
     */
    @Bean
    ClientResourcesBuilderCustomizer redisReconnectDelay() {
        return resources -> resources.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
                TimeUnit.MILLISECONDS));
    }

    @Bean
    ContractJson contractJson() {
        return new ContractJson();
    }

    /** Counts each job's end by outcome, in the service that ended it. */
    @Bean
    ExecutionOutcomeMetrics executionOutcomeMetrics(MeterRegistry registry) {
        return new ExecutionOutcomeMetrics(registry);
    }

    /** Every {@link JobEndListener} is told each job's end: its callback, its count. */
    @Bean
    JobLifecycle jobLifecycle(JobStore jobStore, ObjectProvider<JobEndListener> endListeners) {
        return new JobLifecycle(jobStore, JobEndListener.all(endListeners.orderedStream().toList()));
    }
}
