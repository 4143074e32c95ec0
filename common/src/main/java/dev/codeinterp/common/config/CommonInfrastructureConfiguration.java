package dev.codeinterp.common.config;

import dev.codeinterp.common.infra.redis.RedisStoresConfiguration;
import dev.codeinterp.common.job.JobEndListener;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * What every service shares: the file store, the Redis adapters ({@link RedisStoresConfiguration}: grant ledger, job
 * store), the job lifecycle (which starts a job's callback when it ends: {@link CallbackConfiguration}), the message
 * codec and the clock.
 */
@Configuration(proxyBeanMethods = false)
@Import({FileStoreConfiguration.class, RedisStoresConfiguration.class, CallbackConfiguration.class})
@EnableConfigurationProperties(S3Properties.class)
@PropertySource("classpath:dev/codeinterp/common/infrastructure.properties")
public class CommonInfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ContractJson contractJson() {
        return new ContractJson();
    }

    @Bean
    JobLifecycle jobLifecycle(JobStore jobStore, ObjectProvider<JobEndListener> endListener) {
        return new JobLifecycle(jobStore, endListener.getIfAvailable(() -> JobEndListener.NONE));
    }
}
