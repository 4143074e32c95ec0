package dev.codeinterp.common.config;

import dev.codeinterp.common.callback.CallbackSettings;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settings of job callbacks ({@code APP_CALLBACK_*}), read by every service, since any of them may end a job.
 *
 * @param callbackSecret        HMAC-SHA256 key signing each callback; empty = unsigned. A secret: never printed
 * @param callbackHostAllowlist exact host names (JSON array or comma-separated) callbacks may go to; when set, no
 *                              other host is accepted, and these may resolve to private or loopback addresses
 * @param callbackMaxAttempts   attempts per callback, the first included
 */
@ConfigurationProperties("app")
public record CallbackProperties(
        @DefaultValue("") String callbackSecret,
        @DefaultValue("") String callbackHostAllowlist,
        @DefaultValue("5") int callbackMaxAttempts) {

    public CallbackProperties {
        settings(callbackSecret, callbackHostAllowlist, callbackMaxAttempts);
    }

    public CallbackSettings settings() {
        return settings(callbackSecret, callbackHostAllowlist, callbackMaxAttempts);
    }

    @Override
    public String toString() {
        return settings().toString();
    }

    private static CallbackSettings settings(String secret, String allowlist, int maxAttempts) {
        return new CallbackSettings(secret, hosts(allowlist), maxAttempts, CallbackSettings.FIRST_RETRY_DELAY);
    }

    /** A JSON array of strings or a comma-separated list; each entry a bare host name or address, no port. */
    static List<String> hosts(String text) {
        List<String> hosts = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("[")) {
            try {
                for (JsonNode entry : JsonMapper.builder().build().readTree(trimmed)) {
                    if (!entry.isString()) {
                        throw new IllegalArgumentException("APP_CALLBACK_HOST_ALLOWLIST: entries must be strings");
                    }
                    hosts.add(entry.stringValue().strip());
                }
            } catch (JacksonException e) {
                throw new IllegalArgumentException("APP_CALLBACK_HOST_ALLOWLIST: not a JSON array of strings");
            }
        } else {
            for (String entry : trimmed.split(",")) {
                hosts.add(entry.strip());
            }
        }
        hosts.removeIf(String::isEmpty);
        hosts.stream().filter(host -> !host.matches("[\\p{Alnum}.:_-]+")).findFirst().ifPresent(host -> {
            throw new IllegalArgumentException("APP_CALLBACK_HOST_ALLOWLIST: not a host name: " + host);
        });
        return hosts;
    }
}
