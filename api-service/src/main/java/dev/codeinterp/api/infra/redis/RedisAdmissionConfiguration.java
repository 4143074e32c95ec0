package dev.codeinterp.api.infra.redis;

import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.AdmitAll;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the shared abuse limits: Redis when any limit is set, nothing at all when every one is off. */
@Configuration(proxyBeanMethods = false)
public class RedisAdmissionConfiguration {

    @Bean
    AdmissionControl admissionControl(AdmissionLimits limits, StringRedisTemplate redis) {
        return limits.isUnlimited() ? new AdmitAll() : new RedisAdmissionControl(redis, limits);
    }
}
