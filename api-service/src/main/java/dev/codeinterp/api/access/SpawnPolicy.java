package dev.codeinterp.api.access;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may start work (README, "Access control and limits"): unless {@code APP_PUBLIC_SPAWN_ENABLED}, only internal
 * clients may start work — an IP in {@code APP_INTERNAL_IP_ALLOWLIST} or a {@code Host} (without port) in
 * {@code APP_INTERNAL_HOST_ALLOWLIST}.
 *
 * <p>Every path except download and expire counts as a spawn path, so execute, upload, the custom tools, the jobs
 * API and any endpoint added later are covered without being listed, and an encoded or otherwise unusual spelling
 * of a path can only be refused, never let through.
 */
public final class SpawnPolicy {

    public static final String REFUSED = "Spawn requests must originate from an internal URL / IP";

    private static final Set<String> NOT_SPAWNING = Set.of("/v1/download", "/v1/expire");

    private final boolean publicSpawnEnabled;
    private final AddressRanges internalIps;
    private final Set<String> internalHosts;

    public SpawnPolicy(boolean publicSpawnEnabled, AddressRanges internalIps, Collection<String> internalHosts) {
        this.publicSpawnEnabled = publicSpawnEnabled;
        this.internalIps = internalIps;
        this.internalHosts = internalHosts.stream().map(SpawnPolicy::hostWithoutPort)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a request for {@code path} must come from an internal client. */
    public boolean restricts(String path) {
        return !publicSpawnEnabled && !NOT_SPAWNING.contains(path);
    }

    /** Whether the client (empty when unknown) or the {@code Host} header (null when absent) is internal. */
    public boolean isInternal(Optional<InetAddress> client, String hostHeader) {
        if (client.isPresent() && internalIps.contains(client.get())) {
            return true;
        }
        return hostHeader != null && internalHosts.contains(hostWithoutPort(hostHeader));
    }

    /** {@code api.internal:8080} → {@code api.internal}; {@code [::1]:8080} → {@code ::1}; lower case. */
    static String hostWithoutPort(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
