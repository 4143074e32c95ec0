package dev.codeinterp.worker.infra.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Commits a partition's jobs in offset order although they finish in any order: when a job finishes, the offsets of
 * its partition are acknowledged up to the last job before which every job taken has finished. A job still running
 * is therefore never committed past, and is redelivered if this worker dies.
 *
 * <p>This replaces the container's {@code asyncAcks}, which pauses the consumer until every record of the previous
 * poll is acknowledged: with one record per poll, that ran one job at a time however many slots were free.
 */
final class InOrderAcknowledgements {

    private final Map<TopicPartition, NavigableMap<Long, Taken>> taken = new HashMap<>();

    /** A job has been taken from {@code partition} at {@code offset}; {@code ack} commits up to it. */
    synchronized void taken(TopicPartition partition, long offset, Acknowledgment ack) {
        taken.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new Taken(ack));
    }

    /** The job at {@code offset} has finished (whatever its outcome). */
    synchronized void finished(TopicPartition partition, long offset) {
        NavigableMap<Long, Taken> jobs = taken.get(partition);
        Taken job = jobs == null ? null : jobs.get(offset);
        if (job == null) {
            return;
        }
        job.finished = true;
        Acknowledgment frontier = null;
        while (!jobs.isEmpty() && jobs.firstEntry().getValue().finished) {
            frontier = jobs.pollFirstEntry().getValue().ack;
        }
        if (frontier != null) {
            frontier.acknowledge();
        }
    }

    private static final class Taken {

        private final Acknowledgment ack;
        private boolean finished;

        private Taken(Acknowledgment ack) {
            this.ack = ack;
        }
    }
}
