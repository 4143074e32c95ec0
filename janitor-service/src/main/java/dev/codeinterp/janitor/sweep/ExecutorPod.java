package dev.codeinterp.janitor.sweep;

import java.time.Instant;

/**
 * An executor pod of the Kubernetes backend as the janitor sees it, read from its labels and annotations
 * ({@link dev.codeinterp.common.sandbox.ExecutorPods}).
 *
 * @param name      the pod's name
 * @param worker    the worker pod that created it, or null when the label is missing
 * @param state     {@code warm} or {@code leased}, or null when the label is missing
 * @param leasedAt  the raw {@code leased-at} annotation, or null when missing; it may be garbled
 * @param createdAt the pod's creation time, or null when the server gave none that parses
 */
public record ExecutorPod(String name, String worker, String state, String leasedAt, Instant createdAt) {
}
