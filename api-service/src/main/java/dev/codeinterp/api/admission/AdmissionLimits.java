package dev.codeinterp.api.admission;

/**
 * The limits an {@link AdmissionControl} enforces; 0 means no limit.
 *
 * @param maxQueuedJobs     {@code APP_MAX_QUEUED_JOBS}: jobs in flight (queued or running with a caller waiting) across
 *                          all replicas; beyond it 503
 * @param chatMaxConcurrent {@code APP_CHAT_MAX_CONCURRENT}: jobs of one chat in flight at once; beyond it 429
 * @param chatRate          {@code APP_CHAT_RATE_LIMIT}: executions of one chat per sliding window; beyond it 429
 */
public record AdmissionLimits(int maxQueuedJobs, int chatMaxConcurrent, ChatRateLimit chatRate) {

    public AdmissionLimits {
        if (maxQueuedJobs < 0) {
            throw new IllegalArgumentException("APP_MAX_QUEUED_JOBS must be 0 (unlimited) or positive");
        }
        if (chatMaxConcurrent < 0) {
            throw new IllegalArgumentException("APP_CHAT_MAX_CONCURRENT must be 0 (unlimited) or positive");
        }
    }

    public static AdmissionLimits none() {
        return new AdmissionLimits(0, 0, ChatRateLimit.UNLIMITED);
    }

    /** Whether nothing is limited, so admission needs no shared state at all. */
    public boolean isUnlimited() {
        return maxQueuedJobs == 0 && chatMaxConcurrent == 0 && chatRate.isUnlimited();
    }
}
