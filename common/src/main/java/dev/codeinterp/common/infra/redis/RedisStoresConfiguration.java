package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.replica.ReplicaRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the Redis adapters every service shares: grant ledger, orphaned-object index, job store, admission slots,
 * live output and the api replica registry. */
@Configuration(proxyBeanMethods = false)
public class RedisStoresConfiguration {

    @Bean
    GrantLedger grantLedger(StringRedisTemplate redis) {
        return new RedisGrantLedger(redis);
    }

    @Bean
    OrphanedObjects orphanedObjects(StringRedisTemplate redis) {
        return new RedisOrphanedObjects(redis);
    }

    @Bean
    InFlightSlots inFlightSlots(StringRedisTemplate redis) {
        return new RedisInFlightSlots(redis);
    }

    @Bean
    LiveOutput liveOutput(StringRedisTemplate redis) {
        return new RedisLiveOutput(redis);
    }

    @Bean
    ReplicaRegistry replicaRegistry(StringRedisTemplate redis) {
        return new RedisReplicaRegistry(redis);
    }

    @Bean
    JobStore jobStore(StringRedisTemplate redis, ContractJson codec) {
        return new RedisJobStore(redis, codec);
    }
}
