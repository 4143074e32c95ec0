package dev.codeinterp.janitor.kubernetes;

import java.time.Duration;

/**
 * What the orphan-pod sweeper needs from the janitor's settings, built by the janitor's configuration.
 *
 * @param namespace        namespace of executor pods; empty = the Kubernetes client's own namespace
 * @param maxLeaseDuration the longest a pod may stay leased before it counts as orphaned
 * @param batchSize        most pods deleted per round
 */
public record ExecutorPodSweepSettings(String namespace, Duration maxLeaseDuration, int batchSize) {
}
