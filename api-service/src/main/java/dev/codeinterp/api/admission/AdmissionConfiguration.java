package dev.codeinterp.api.admission;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.infra.redis.RedisAdmissionControl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the shared abuse limits: Redis when any limit is set, nothing at all when every one is off. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    AdmissionControl admissionControl(ApiProperties properties, StringRedisTemplate redis) {
        AdmissionLimits limits = properties.admissionLimits();
        return limits.isUnlimited() ? new Unlimited() : new RedisAdmissionControl(redis, limits);
    }
}
