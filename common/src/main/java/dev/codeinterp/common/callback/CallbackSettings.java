package dev.codeinterp.common.callback;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How job callbacks are sent.
 *
 * @param secret          {@code APP_CALLBACK_SECRET}: HMAC-SHA256 key of the signature; empty = unsigned. Never printed
 * @param hostAllowlist   {@code APP_CALLBACK_HOST_ALLOWLIST}: exact host names (lowercase); when not empty only these
 *                        hosts are accepted, and they may resolve to non-public addresses
 * @param maxAttempts     {@code APP_CALLBACK_MAX_ATTEMPTS}: attempts per job, the first included
 * @param firstRetryDelay pause before the second attempt; each later pause doubles
 */
public record CallbackSettings(String secret, List<String> hostAllowlist, int maxAttempts, Duration firstRetryDelay) {

    public static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

    public CallbackSettings {
        hostAllowlist = hostAllowlist.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("APP_CALLBACK_MAX_ATTEMPTS must be at least 1");
        }
    }

    public boolean signs() {
        return !secret.isEmpty();
    }

    /** Whether {@code host} (as in a URL, case-insensitive) is in the allowlist. */
    public boolean allowlists(String host) {
        return hostAllowlist.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether any host is accepted (no allowlist), non-public addresses still refused. */
    public boolean acceptsAnyPublicHost() {
        return hostAllowlist.isEmpty();
    }

    /** The pause after failed attempt {@code attempt} (1-based): 1 s, 2 s, 4 s... */
    public Duration delayAfter(int attempt) {
        return firstRetryDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }

    @Override
    public String toString() {
        return "CallbackSettings[secret=" + (signs() ? "***" : "") + ", hostAllowlist=" + hostAllowlist
                + ", maxAttempts=" + maxAttempts + ", firstRetryDelay=" + firstRetryDelay + "]";
    }
}
