package dev.codeinterp.api.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link IdempotencyKeys} in memory, without expiry. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    @Override
    public Claim claim(String chatId, String key, Claim claim, Duration retention) {
        return claims.computeIfAbsent(chatId + "\n" + key, k -> claim);
    }

    @Override
    public void forget(String chatId, String key, Claim claim) {
        claims.remove(chatId + "\n" + key, claim);
    }
}
