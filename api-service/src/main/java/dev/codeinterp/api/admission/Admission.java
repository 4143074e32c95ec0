package dev.codeinterp.api.admission;

import java.time.Duration;

/**
 * The answer of {@link AdmissionControl#admit}.
 *
 * @param outcome    admitted, or which limit refused
 * @param retryAfter for {@link Outcome#CHAT_RATE_LIMITED}, when the oldest execution in the window leaves it (the
 *                   earliest time a retry can succeed); zero otherwise
 */
public record Admission(Outcome outcome, Duration retryAfter) {

    public enum Outcome {
        ADMITTED,
        /** {@code APP_MAX_QUEUED_JOBS} jobs are in flight across all replicas. */
        QUEUE_FULL,
        /** {@code APP_CHAT_MAX_CONCURRENT} jobs of this chat are in flight. */
        CHAT_BUSY,
        /** {@code APP_CHAT_RATE_LIMIT} executions of this chat started within the window. */
        CHAT_RATE_LIMITED
    }

    private static final Admission ADMITTED = new Admission(Outcome.ADMITTED, Duration.ZERO);

    public static Admission admitted() {
        return ADMITTED;
    }

    public static Admission refused(Outcome outcome) {
        return new Admission(outcome, Duration.ZERO);
    }

    public static Admission rateLimited(Duration retryAfter) {
        return new Admission(Outcome.CHAT_RATE_LIMITED, retryAfter);
    }

    public boolean isAdmitted() {
        return outcome == Outcome.ADMITTED;
    }
}
