package dev.codeinterp.api.infra.kafka;

import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this replica's result topic exist again if it is deleted while the replica runs, checked after each of its
 * heartbeats ({@link ReplicaHeartbeat}, every {@link ReplicaRegistry#HEARTBEAT_INTERVAL}). That can happen when a
 * replica with a fixed id starts again just as the janitor deletes the topic of its previous run (the janitor's "still
 * silent?" check and the deletion are two steps), or when an operator deletes it. Until it exists again, workers cannot deliver results here; callers then read them
 * from the job store. The reply consumer reads a re-created topic from its start ({@code auto.offset.reset=earliest}),
 * so no reply written to it is skipped.
 */
public final class ResultTopicGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultTopicGuard.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final NewTopic topic;

    /** @param admin an admin client of its own, closed with the guard */
    public ResultTopicGuard(Admin admin, NewTopic topic) {
        this.admin = admin;
        this.topic = topic;
    }

    /** Closes the admin client. */
    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }

    /** Creates the topic when it is gone; returns whether it did. Failures are logged: the next check retries. */
    boolean check() {
        try {
            if (exists()) {
                return false;
            }
            admin.createTopics(List.of(topic)).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.warn("The result topic {} of this replica was deleted while it ran (the janitor took the replica for "
                    + "gone, or an operator deleted it); created it again", topic.name());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.debug("Result topic {} is still being deleted; creating it again at the next check", topic.name());
            } else {
                log.warn("Could not check the result topic {}: {}", topic.name(), e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Could not check the result topic {} within {}", topic.name(), CALL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private boolean exists() throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.describeTopics(List.of(topic.name())).allTopicNames().get(CALL_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }
}
