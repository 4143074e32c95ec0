package dev.codeinterp.api.execution;

import java.time.Duration;

/**
 * Port: the {@code Idempotency-Key}s of each chat and endpoint ({@link Scope}), each bound to the job it submitted and
 * the fingerprint of the body that submitted it. Shared by every api replica; claims are atomic.
 */
public interface IdempotencyKeys {

    /**
     * Binds the chat's key in {@code scope} to {@code claim} for {@code retention} unless it is already bound.
     *
     * @return the claim the key is bound to: {@code claim} itself when it was free, else the earlier one
     */
    Claim claim(Scope scope, String chatId, String key, Claim claim, Duration retention);

    /** Unbinds the chat's key if it is still bound to {@code claim} (its job never ran, so a retry may run). */
    void forget(Scope scope, String chatId, String key, Claim claim);

    /** The job a key submitted, and the fingerprint of the request body that submitted it. */
    record Claim(String jobId, String fingerprint) {
    }

    /**
     * The endpoint a key belongs to: the same key on {@code POST /v1/jobs} and {@code POST /v1/execute} names two
     * different submissions, since one answers a job id and the other a result.
     */
    enum Scope {
        /** {@code POST /v1/jobs}. */
        JOBS,
        /** {@code POST /v1/execute}. */
        EXECUTE
    }
}
