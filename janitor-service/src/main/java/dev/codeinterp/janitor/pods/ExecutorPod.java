package dev.codeinterp.janitor.pods;

import java.time.Instant;

/**
 * What the janitor knows of an executor pod.
 *
 * @param worker    the worker pod that owns it (its label)
 * @param leased    whether a job has it
 * @param leasedAt  when it was leased; null when not leased or unreadable
 * @param createdAt when the pod was created
 */
public record ExecutorPod(String name, String worker, boolean leased, Instant leasedAt, Instant createdAt) {
}
