package dev.codeinterp.api.chat;

import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.Optional;

/** Turns a request's {@code expires_in} into the grant lifetime, applying the configured default and cap. */
public final class ExpiryPolicy {

    private final Duration defaultExpiresIn;
    private final Duration maxExpiresIn;

    /**
     * @param defaultExpiresIn {@code APP_DEFAULT_EXPIRES_IN} as written; blank = never
     * @param maxExpiresIn     {@code APP_MAX_EXPIRES_IN} as written; blank = no cap
     */
    public ExpiryPolicy(String defaultExpiresIn, String maxExpiresIn) {
        this.defaultExpiresIn = configured(defaultExpiresIn, "APP_DEFAULT_EXPIRES_IN");
        this.maxExpiresIn = configured(maxExpiresIn, "APP_MAX_EXPIRES_IN");
    }

    /** The lifetime for a request's {@code expires_in}; null means the grants never expire. */
    public Duration lifetime(Optional<String> requested) {
        Duration lifetime = requested.map(text -> ExpiresIn.parse(text).orElseThrow(() -> ApiException.badRequest(
                "Field 'expires_in' must be a positive number of seconds or <n><unit> with unit s, m, h, d or w")))
                .orElse(defaultExpiresIn);
        if (maxExpiresIn != null && (lifetime == null || lifetime.compareTo(maxExpiresIn) > 0)) {
            return maxExpiresIn;
        }
        return lifetime;
    }

    private static Duration configured(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return ExpiresIn.parse(text).orElseThrow(() -> new IllegalArgumentException(name + " is not a valid expiry: "
                + text));
    }
}
