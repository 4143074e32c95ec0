package dev.codeinterp.api.execution;

import dev.codeinterp.api.execution.IdempotencyKeys.Claim;
import dev.codeinterp.api.execution.IdempotencyKeys.Scope;
import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one decision on an {@code Idempotency-Key}, for every endpoint that takes one: the first request with a key of
 * its chat binds it to a new job id and runs it; a later one with the same body gets the job the key is bound to
 * (never a second run); a later one with another body gets a 409. A submission whose job never ran frees its key, so
 * a retry may run.
 */
public final class IdempotentSubmissions {

    private static final Logger log = LoggerFactory.getLogger(IdempotentSubmissions.class);

    private final IdempotencyKeys keys;

    public IdempotentSubmissions(IdempotencyKeys keys) {
        this.keys = keys;
    }

    /** Binds the key to a new job id if it is free; errors with a 409 if it is bound to another body. */
    public Mono<Submission> claim(Scope scope, String chatId, IdempotencyKey key, Duration retention) {
        Claim mine = new Claim(UUID.randomUUID().toString(), key.fingerprint());
        return Mono.fromCallable(() -> keys.claim(scope, chatId, key.value(), mine, retention))
                .subscribeOn(Schedulers.boundedElastic())
                .map(held -> {
                    if (!held.fingerprint().equals(key.fingerprint())) {
                        throw ApiException.conflict("Idempotency-Key '" + key.value()
                                + "' was already used with a different request body");
                    }
                    return new Submission(scope, chatId, key, held, held.equals(mine));
                });
    }

    /** Frees the key of a submission whose job never ran; a failure only logs (the key then expires by itself). */
    public Mono<Void> forget(Submission submission) {
        return Mono.fromRunnable(() -> keys.forget(submission.scope(), submission.chatId(), submission.key().value(),
                        submission.claim()))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("Job {}: could not free its Idempotency-Key: {}", submission.jobId(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /**
     * A key bound to a job.
     *
     * @param isNew whether this request bound it, so runs the job; else an earlier request did
     */
    public record Submission(Scope scope, String chatId, IdempotencyKey key, Claim claim, boolean isNew) {

        public String jobId() {
            return claim.jobId();
        }
    }
}
