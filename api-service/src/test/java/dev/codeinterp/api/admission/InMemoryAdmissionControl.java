package dev.codeinterp.api.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The abuse limits in one JVM, for unit and HTTP tests; {@code InMemoryAdmissionControlTest} keeps it honest. */
public final class InMemoryAdmissionControl implements AdmissionControl {

    private final AdmissionLimits limits;
    private final Map<String, JobSlot> inFlight = new HashMap<>();
    private final Map<String, Deque<Instant>> startsByChat = new HashMap<>();

    public InMemoryAdmissionControl(AdmissionLimits limits) {
        this.limits = limits;
    }

    public static InMemoryAdmissionControl unlimited() {
        return new InMemoryAdmissionControl(AdmissionLimits.none());
    }

    @Override
    public synchronized Admission admit(JobSlot slot, Instant now) {
        inFlight.values().removeIf(held -> !held.heldUntil().isAfter(now));
        if (limits.maxQueuedJobs() > 0 && inFlight.size() >= limits.maxQueuedJobs()) {
            return Admission.refused(Admission.Outcome.QUEUE_FULL);
        }
        long ofChat = inFlight.values().stream().filter(held -> held.chatId().equals(slot.chatId())).count();
        if (limits.chatMaxConcurrent() > 0 && ofChat >= limits.chatMaxConcurrent()) {
            return Admission.refused(Admission.Outcome.CHAT_BUSY);
        }
        ChatRateLimit rate = limits.chatRate();
        if (!rate.isUnlimited()) {
            Deque<Instant> starts = startsByChat.computeIfAbsent(slot.chatId(), chat -> new ArrayDeque<>());
            Instant windowStart = now.minus(rate.window());
            while (!starts.isEmpty() && !starts.peekFirst().isAfter(windowStart)) {
                starts.removeFirst();
            }
            if (starts.size() >= rate.executions()) {
                return Admission.rateLimited(Duration.between(windowStart, starts.peekFirst()));
            }
            starts.addLast(now);
        }
        inFlight.put(slot.jobId(), slot);
        return Admission.admitted();
    }

    @Override
    public synchronized void release(JobSlot slot) {
        inFlight.remove(slot.jobId());
    }

    /** Jobs holding a slot, lapsed holds included until the next admission drops them. */
    public synchronized int inFlight() {
        return inFlight.size();
    }
}
