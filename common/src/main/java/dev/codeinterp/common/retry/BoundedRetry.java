package dev.codeinterp.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls something that may fail for a while (a store that restarts) a bounded number of times, doubling the pause
 * between tries up to a ceiling. Only failures the {@code retryable} test accepts are retried; any other is thrown at
 * once. When every try has failed, {@link RetriesExhaustedException} carries the last failure: the caller decides what
 * giving up means (a worker hands its job back rather than failing it).
 *
 * @param attempts   tries in all, at least 1
 * @param firstPause pause after the first failure
 * @param maxPause   ceiling of the doubling pauses
 * @param retryable  which failures are worth another try (transient: a connection refused or a timeout)
 * @param sleeper    how to pause; tests pass one that records instead of sleeping
 */
public record BoundedRetry(int attempts, Duration firstPause, Duration maxPause,
        Predicate<? super RuntimeException> retryable, Sleeper sleeper) {

    private static final Logger log = LoggerFactory.getLogger(BoundedRetry.class);

    /** Pauses the calling thread. */
    @FunctionalInterface
    public interface Sleeper {

        /** The real thing: {@link Thread#sleep(long)}. */
        Sleeper THREAD = pause -> Thread.sleep(pause.toMillis());

        /** Pauses for {@code pause}; interruptible. */
        void sleep(Duration pause) throws InterruptedException;
    }

    public BoundedRetry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (firstPause.isNegative() || maxPause.compareTo(firstPause) < 0) {
            throw new IllegalArgumentException("pauses must satisfy 0 <= firstPause <= maxPause: " + firstPause
                    + ", " + maxPause);
        }
        Objects.requireNonNull(retryable, "retryable");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** One try, no retry: for code paths (and tests) that need no patience. */
    public static BoundedRetry once() {
        return new BoundedRetry(1, Duration.ZERO, Duration.ZERO, e -> false, Sleeper.THREAD);
    }

    /** The total pause over all tries (not counting the time the tries themselves take). */
    public Duration totalPause() {
        Duration total = Duration.ZERO;
        Duration pause = firstPause;
        for (int attempt = 1; attempt < attempts; attempt++) {
            total = total.plus(pause);
            pause = next(pause);
        }
        return total;
    }

    /**
     * Calls {@code action} until it returns, a failure is not retryable, or {@link #attempts()} tries have failed.
     *
     * @param what names the call in logs and in the exhausted exception ("record the result of job 42")
     * @throws RetriesExhaustedException when every try failed retryably, or the thread was interrupted in a pause
     */
    public <T> T call(String what, Supplier<T> action) {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                if (attempt == attempts) {
                    throw new RetriesExhaustedException(what, attempts, e);
                }
                log.warn("Could not {} (try {} of {}): {}; trying again in {} ms", what, attempt, attempts,
                        e.toString(), pause.toMillis());
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RetriesExhaustedException(what, attempt, e);
                }
                pause = next(pause);
            }
        }
    }

    /** {@link #call(String, Supplier)} for an action with no result. */
    public void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private Duration next(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(maxPause) > 0 ? maxPause : doubled;
    }
}
