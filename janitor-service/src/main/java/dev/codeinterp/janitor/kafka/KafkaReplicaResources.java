package dev.codeinterp.janitor.kafka;

import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.janitor.sweep.ReplicaResources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The replicas' result topics ({@link Topics#RESULTS_PREFIX}) and consumer groups ({@link Topics#RESULT_GROUP_PREFIX})
 * through the Kafka admin client.
 */
public final class KafkaReplicaResources implements ReplicaResources {

    private final Admin admin;
    private final Duration timeout;

    public KafkaReplicaResources(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Set<String> replicaIds() {
        Set<String> ids = new TreeSet<>();
        for (String topic : await(admin.listTopics().names())) {
            if (topic.startsWith(Topics.RESULTS_PREFIX) && topic.length() > Topics.RESULTS_PREFIX.length()) {
                ids.add(topic.substring(Topics.RESULTS_PREFIX.length()));
            }
        }
        for (ConsumerGroupListing group : await(admin.listConsumerGroups().all())) {
            String groupId = group.groupId();
            if (groupId.startsWith(Topics.RESULT_GROUP_PREFIX) && groupId.length() > Topics.RESULT_GROUP_PREFIX.length()) {
                ids.add(groupId.substring(Topics.RESULT_GROUP_PREFIX.length()));
            }
        }
        return ids;
    }

    @Override
    public void delete(String replicaId) {
        ignoring(UnknownTopicOrPartitionException.class,
                admin.deleteTopics(List.of(Topics.resultsFor(replicaId))).all());
        ignoring(GroupIdNotFoundException.class,
                admin.deleteConsumerGroups(List.of(Topics.resultGroupFor(replicaId))).all());
    }

    private void ignoring(Class<? extends Exception> gone, KafkaFuture<Void> future) {
        try {
            await(future);
        } catch (KafkaAdminException e) {
            if (!gone.isInstance(e.getCause())) {
                throw e;
            }
        }
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaAdminException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaAdminException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminException(e);
        }
    }

    /** A Kafka admin call that failed; its cause is Kafka's own exception. */
    static final class KafkaAdminException extends RuntimeException {
        KafkaAdminException(Throwable cause) {
            super("Kafka admin call failed: " + cause, cause);
        }
    }
}
