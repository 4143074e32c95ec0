package dev.codeinterp.api.access;

import java.util.List;

/**
 * Who may call the api, as validated from the settings.
 *
 * @param publicSpawnEnabled {@code APP_PUBLIC_SPAWN_ENABLED}
 * @param internalIps        {@code APP_INTERNAL_IP_ALLOWLIST}
 * @param internalHosts      {@code APP_INTERNAL_HOST_ALLOWLIST}
 * @param trustedProxies     {@code APP_TRUSTED_PROXIES}
 * @param apiKeys            {@code APP_API_KEYS}, as digests
 */
public record AccessSettings(boolean publicSpawnEnabled, AddressRanges internalIps, List<String> internalHosts,
        AddressRanges trustedProxies, ApiKeys apiKeys) {

    public AccessSettings {
        internalHosts = List.copyOf(internalHosts);
    }
}
