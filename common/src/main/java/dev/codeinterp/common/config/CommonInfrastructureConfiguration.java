package dev.codeinterp.common.config;

import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.infra.redis.RedisGrantLedger;
import dev.codeinterp.common.infra.redis.RedisJobStore;
import dev.codeinterp.common.infra.redis.RedisOrphanedObjects;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.messaging.MessageCodec;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The adapters every service shares: file store, grant ledger, job store, message codec and the clock. */
@Configuration(proxyBeanMethods = false)
@Import(FileStoreConfiguration.class)
@EnableConfigurationProperties(S3Properties.class)
@PropertySource("classpath:dev/codeinterp/common/infrastructure.properties")
public class CommonInfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean
    GrantLedger grantLedger(StringRedisTemplate redis) {
        return new RedisGrantLedger(redis);
    }

    @Bean
    OrphanedObjects orphanedObjects(StringRedisTemplate redis) {
        return new RedisOrphanedObjects(redis);
    }

    @Bean
    JobStore jobStore(StringRedisTemplate redis, MessageCodec codec) {
        return new RedisJobStore(redis, codec);
    }

    @Bean
    JobLifecycle jobLifecycle(JobStore jobStore) {
        return new JobLifecycle(jobStore);
    }
}
