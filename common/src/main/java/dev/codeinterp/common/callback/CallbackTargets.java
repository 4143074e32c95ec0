package dev.codeinterp.common.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The SSRF check made when a callback is sent: the host is resolved once, and every address it resolves to must be
 * public unless the host is allowlisted. The sender then connects only to these checked addresses, never resolving
 * the name again (a second lookup could answer differently: DNS rebinding).
 */
public final class CallbackTargets {

    private final CallbackSettings settings;
    private final HostResolver resolver;

    /** Resolves a host name (or address literal) to all of its addresses. */
    @FunctionalInterface
    public interface HostResolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    public CallbackTargets(CallbackSettings settings, HostResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * The addresses to connect to for {@code url}.
     *
     * @throws RefusedTargetException the host is not allowlisted, or resolves to a non-public address
     * @throws UnknownHostException   the host does not resolve (now: a later attempt may succeed)
     */
    public List<InetAddress> addressesOf(URI url) throws RefusedTargetException, UnknownHostException {
        String host = CallbackUrls.hostOf(url);
        boolean allowlisted = settings.allowlists(host);
        if (!settings.acceptsAnyPublicHost() && !allowlisted) {
            throw new RefusedTargetException("host '" + host + "' is not in APP_CALLBACK_HOST_ALLOWLIST");
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        if (!allowlisted) {
            for (InetAddress address : addresses) {
                Optional<String> reason = NonPublicAddresses.reason(address);
                if (reason.isPresent()) {
                    throw new RefusedTargetException("host '" + host + "' resolves to " + reason.get() + " address "
                            + address.getHostAddress());
                }
            }
        }
        return List.copyOf(addresses);
    }
}
