package dev.codeinterp.api.execution;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link IdempotencyKeys} in memory, without expiry. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    @Override
    public Claim claim(Scope scope, String chatId, String key, Claim claim, Duration retention) {
        return claims.computeIfAbsent(scope + "\n" + chatId + "\n" + key, k -> claim);
    }

    @Override
    public void forget(Scope scope, String chatId, String key, Claim claim) {
        claims.remove(scope + "\n" + chatId + "\n" + key, claim);
    }
}
