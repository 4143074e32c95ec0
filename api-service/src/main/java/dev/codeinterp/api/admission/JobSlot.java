package dev.codeinterp.api.admission;

import java.time.Instant;

/**
 * One job's place among the jobs in flight: held from admission until release, or at the latest until
 * {@code heldUntil}.
 */
public record JobSlot(String chatId, String jobId, Instant heldUntil) {
}
