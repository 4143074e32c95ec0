package dev.codeinterp.api.access;

import dev.codeinterp.api.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires API keys and the spawn restriction from the validated {@link AccessSettings}. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessPolicy accessPolicy(AccessSettings settings) {
        SpawnPolicy spawn = new SpawnPolicy(settings.publicSpawnEnabled(), settings.internalIps(),
                settings.internalHosts());
        return new AccessPolicy(settings.apiKeys(), spawn, new ClientAddresses(settings.trustedProxies()));
    }

    @Bean
    AccessFilter accessFilter(AccessPolicy policy, ProblemWriter problems) {
        return new AccessFilter(policy, problems);
    }
}
