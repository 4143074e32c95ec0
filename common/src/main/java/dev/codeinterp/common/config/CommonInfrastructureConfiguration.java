package dev.codeinterp.common.config;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.infra.redis.RedisGrantLedger;
import dev.codeinterp.common.infra.redis.RedisJobStore;
import dev.codeinterp.common.infra.s3.S3FileStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.messaging.MessageCodec;
import io.minio.MinioClient;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The adapters every service shares: file store, grant ledger, job store, message codec and the clock. */
@Configuration(proxyBeanMethods = false)
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
    FileStore fileStore(S3Properties s3) throws IOException {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region()).build();
        S3FileStore store = new S3FileStore(client, s3.bucket());
        store.ensureBucket();
        return store;
    }

    @Bean
    GrantLedger grantLedger(StringRedisTemplate redis) {
        return new RedisGrantLedger(redis);
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
