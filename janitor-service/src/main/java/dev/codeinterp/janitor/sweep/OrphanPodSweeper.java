package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.sandbox.ExecutorPods;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes executor pods nobody will delete: pods whose worker pod is gone (the cluster does not cascade for a worker
 * that was never deleted through the API, and a worker that crashed cannot clean up), and pods leased for longer than
 * any job may run (a worker that lost track of its lease). Warm pods of live workers are left alone.
 */
public final class OrphanPodSweeper implements Sweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanPodSweeper.class);

    private final ExecutorPodInventory inventory;
    private final Duration maxLease;
    private final int batchSize;

    /**
     * @param maxLease  how long a pod may stay leased: the largest job timeout plus the result grace plus a margin
     * @param batchSize most pods deleted per round
     */
    public OrphanPodSweeper(ExecutorPodInventory inventory, Duration maxLease, int batchSize) {
        this.inventory = inventory;
        this.maxLease = maxLease;
        this.batchSize = batchSize;
    }

    @Override
    public int sweepOnce(Instant now) {
        Instant leaseCutoff = now.minus(maxLease);
        Map<String, Boolean> workersAlive = new HashMap<>();
        int attempted = 0;
        int deleted = 0;
        for (ExecutorPod pod : inventory.executorPods()) {
            if (attempted == batchSize) {
                break;
            }
            Optional<String> reason = reasonToReap(pod, leaseCutoff, workersAlive);
            if (reason.isEmpty()) {
                continue;
            }
            attempted++;
            if (inventory.delete(pod.name())) {
                deleted++;
                log.info("Deleted executor pod {}: {}", pod.name(), reason.get());
            } else {
                log.debug("Executor pod {} was already gone ({})", pod.name(), reason.get());
            }
        }
        if (deleted > 0) {
            log.info("Orphan-pod sweep deleted {} executor pod(s)", deleted);
        }
        return deleted;
    }

    private Optional<String> reasonToReap(ExecutorPod pod, Instant leaseCutoff, Map<String, Boolean> workersAlive) {
        if (ExecutorPods.LEASED.equals(pod.state())) {
            Optional<String> overLeased = overLeased(pod, leaseCutoff);
            if (overLeased.isPresent()) {
                return overLeased;
            }
        }
        if (pod.worker() != null && !workersAlive.computeIfAbsent(pod.worker(), inventory::workerAlive)) {
            return Optional.of("its worker pod " + pod.worker() + " is gone");
        }
        return Optional.empty();
    }

    private Optional<String> overLeased(ExecutorPod pod, Instant leaseCutoff) {
        Instant leasedAt = parse(pod.leasedAt());
        if (leasedAt != null) {
            return leasedAt.isBefore(leaseCutoff)
                    ? Optional.of("leased at " + leasedAt + ", longer than " + maxLease + " ago")
                    : Optional.empty();
        }
        // A lease the worker could not stamp: the pod is at least as old as its lease, so its age bounds it.
        if (pod.createdAt() != null && pod.createdAt().isBefore(leaseCutoff)) {
            return Optional.of("leased without a valid leased-at (" + pod.leasedAt() + "), created at "
                    + pod.createdAt() + ", longer than " + maxLease + " ago");
        }
        return Optional.empty();
    }

    private static Instant parse(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
