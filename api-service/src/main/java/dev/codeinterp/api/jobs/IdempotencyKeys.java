package dev.codeinterp.api.jobs;

import java.time.Duration;

/**
 * Port: the {@code Idempotency-Key}s of each chat, each bound to the job it submitted and the fingerprint of the body
 * that submitted it. Shared by every api replica; claims are atomic.
 */
public interface IdempotencyKeys {

    /**
     * Binds the chat's key to {@code claim} for {@code retention} unless it is already bound.
     *
     * @return the claim the key is bound to: {@code claim} itself when it was free, else the earlier one
     */
    Claim claim(String chatId, String key, Claim claim, Duration retention);

    /** Unbinds the chat's key if it is still bound to {@code claim} (its submission failed, so a retry may run). */
    void forget(String chatId, String key, Claim claim);

    /** The job a key submitted, and the fingerprint of the request body that submitted it. */
    record Claim(String jobId, String fingerprint) {
    }
}
