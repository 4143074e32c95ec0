package dev.codeinterp.api.infra.redis;

import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.AdmitAll;
import dev.codeinterp.api.execution.IdempotencyKeys;
import dev.codeinterp.common.job.InFlightSlots;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the api's Redis adapters: the shared abuse limits (Redis when any limit is set, nothing at all when every one
 * is off) and the idempotency keys.
 */
@Configuration(proxyBeanMethods = false)
public class RedisAdmissionConfiguration {

    @Bean
    AdmissionControl admissionControl(AdmissionLimits limits, StringRedisTemplate redis, InFlightSlots slots) {
        return limits.isUnlimited() ? new AdmitAll() : new RedisAdmissionControl(redis, limits, slots);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(StringRedisTemplate redis) {
        return new RedisIdempotencyKeys(redis);
    }
}
