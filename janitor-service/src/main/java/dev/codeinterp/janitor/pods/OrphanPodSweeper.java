package dev.codeinterp.janitor.pods;

import dev.codeinterp.janitor.sweep.Sweeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes executor pods that nobody will use or delete: those whose worker pod is gone (a worker that died cannot
 * delete its pods; where ownerReferences are honoured the cluster does it too), and those leased for longer than any
 * job may run (their worker lost track of them). Warm pods of live workers are left alone.
 */
public final class OrphanPodSweeper implements Sweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanPodSweeper.class);

    private final ExecutorPodDirectory pods;
    private final Duration maxLease;
    private final int batchSize;

    /** @param maxLease longest a pod may stay leased: the largest timeout plus the result grace plus a margin */
    public OrphanPodSweeper(ExecutorPodDirectory pods, Duration maxLease, int batchSize) {
        this.pods = pods;
        this.maxLease = maxLease;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        List<ExecutorPod> all = pods.executorPods();
        Set<String> live = pods.existingWorkers(all.stream().map(ExecutorPod::worker)
                .filter(worker -> worker != null).collect(Collectors.toSet()));
        Instant leasedBefore = now.minus(maxLease);
        int deleted = 0;
        for (ExecutorPod pod : all) {
            if (deleted >= batchSize) {
                break;
            }
            String reason = reasonToDelete(pod, live, leasedBefore);
            if (reason != null) {
                pods.delete(pod.name());
                deleted++;
                log.info("Deleted executor pod {}: {}", pod.name(), reason);
            }
        }
        if (deleted > 0) {
            log.info("Orphan-pod sweep deleted {} executor pod(s)", deleted);
        }
        return deleted;
    }

    private String reasonToDelete(ExecutorPod pod, Set<String> liveWorkers, Instant leasedBefore) {
        if (pod.worker() == null || !liveWorkers.contains(pod.worker())) {
            return "its worker " + pod.worker() + " is gone";
        }
        if (pod.leased()) {
            Instant since = pod.leasedAt() != null ? pod.leasedAt() : pod.createdAt();
            if (since != null && since.isBefore(leasedBefore)) {
                return "leased since " + since + ", longer than any job may run (" + maxLease.toSeconds() + " s)";
            }
        }
        return null;
    }
}
