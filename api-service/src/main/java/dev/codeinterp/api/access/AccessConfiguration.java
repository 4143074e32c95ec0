package dev.codeinterp.api.access;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires API keys and the spawn restriction (SPEC §7) from the settings {@link ApiProperties} has validated. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessFilter accessFilter(ApiProperties properties, ProblemWriter problems) {
        SpawnPolicy spawn = new SpawnPolicy(properties.publicSpawnEnabled(), properties.internalIpRanges(),
                properties.internalHosts());
        return new AccessFilter(properties.apiKeySet(), spawn, new ClientAddresses(properties.trustedProxyRanges()),
                problems);
    }
}
