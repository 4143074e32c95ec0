package dev.codeinterp.api.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who the client is. The direct peer, unless the peer is one of {@code APP_TRUSTED_PROXIES}: then
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first address that is not one is
 * the client (if every hop is trusted, the left-most one). Anything left of that address was written by the client
 * and is never believed. An entry that is not an IP address makes the client unknown, which no IP allowlist admits.
 */
public final class ClientAddresses {

    private final AddressRanges trustedProxies;

    public ClientAddresses(AddressRanges trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * @param peer         the TCP peer, or null when the server does not know it
     * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order (each may list several hops)
     */
    public Optional<InetAddress> clientOf(InetSocketAddress peer, List<String> forwardedFor) {
        if (peer == null || peer.getAddress() == null) {
            return Optional.empty();
        }
        InetAddress current = CidrBlock.normalize(peer.getAddress());
        if (!trustedProxies.contains(current)) {
            return Optional.of(current);
        }
        List<String> hops = forwardedFor.stream().flatMap(value -> Arrays.stream(value.split(","))).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = parseHop(hops.get(i).strip());
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            current = hop.get();
            if (!trustedProxies.contains(current)) {
                return Optional.of(current);
            }
        }
        return Optional.of(current);
    }

    /** {@code 10.1.2.3}, {@code 10.1.2.3:4711}, {@code 2001:db8::1} or {@code [2001:db8::1]:4711}. */
    static Optional<InetAddress> parseHop(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? Optional.empty() : CidrBlock.parseAddress(hop.substring(1, end));
        }
        int colon = hop.indexOf(':');
        if (colon >= 0 && colon == hop.lastIndexOf(':')) {
            return CidrBlock.parseAddress(hop.substring(0, colon));
        }
        return CidrBlock.parseAddress(hop);
    }
}
