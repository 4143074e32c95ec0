package dev.codeinterp.common.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which callback URLs are accepted when a job is submitted: absolute {@code http} or {@code https}, at most
 * {@value #MAX_LENGTH} characters, no user credentials, and a host that is allowlisted (when there is an allowlist)
 * and, when given as an IP address, public unless allowlisted. Names are not resolved here: their addresses are
 * checked when the callback is sent ({@link CallbackTargets}).
 */
public final class CallbackUrls {

    public static final int MAX_LENGTH = 2048;
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private CallbackUrls() {
    }

    /** The URL, or a {@link RefusedTargetException} whose message completes "Field 'callback_url' …". */
    public static URI check(String text, CallbackSettings settings) throws RefusedTargetException {
        if (text.length() > MAX_LENGTH) {
            throw new RefusedTargetException("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new RefusedTargetException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new RefusedTargetException("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedTargetException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedTargetException("must not contain user credentials");
        }
        String host = hostOf(uri);
        if (!settings.acceptsAnyPublicHost() && !settings.allowlists(host)) {
            throw new RefusedTargetException("host '" + host + "' is not in APP_CALLBACK_HOST_ALLOWLIST");
        }
        Optional<String> nonPublic = literal(host).flatMap(NonPublicAddresses::reason);
        if (nonPublic.isPresent() && !settings.allowlists(host)) {
            throw new RefusedTargetException("host '" + host + "' is a " + nonPublic.get() + " address");
        }
        return uri;
    }

    /** The URL's host as the allowlist names it: lowercase, IPv6 without brackets. */
    public static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Optional<InetAddress> literal(String host) {
        if (!IPV4_LITERAL.matcher(host).matches() && host.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host)); // an address literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
