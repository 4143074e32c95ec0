package dev.codeinterp.janitor.config;

import dev.codeinterp.common.config.SharedDefaults;
import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the janitor-service; each maps to the {@code APP_*} environment variable of the same name
 * ({@code app.orphan-grace} ← {@code APP_ORPHAN_GRACE}).
 *
 * @param janitorInterval     pause between two rounds of every sweeper (seconds if no unit)
 * @param janitorBatchSize    most items one sweeper handles per round
 * @param orphanGrace         how long a stored object is kept after its last grant went away before it is deleted
 *                            (seconds if no unit); objects a queued or running job will read are kept longer
 * @param executorBackend     where workers run sandboxes: {@code local} (nothing for the janitor to do) or
 *                            {@code kubernetes} (the janitor then reaps orphan and over-leased executor pods)
 * @param executorNamespace   namespace of executor pods; empty = the Kubernetes client's own namespace
 * @param maxExecutionTimeout the longest timeout a job may have (seconds if no unit), as the api caps it
 * @param resultGrace         time a worker has beyond a job's timeout to deliver its result (seconds if no unit)
 * @param replicaGoneGrace    how long an api replica may go without a heartbeat before its result topic and
 *                            consumer group are deleted (seconds if no unit); well above the heartbeat interval
 */
@ConfigurationProperties("app")
public record JanitorProperties(
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) Duration janitorInterval,
        @DefaultValue("500") int janitorBatchSize,
        @DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration orphanGrace,
        @DefaultValue(LOCAL_BACKEND) String executorBackend,
        @DefaultValue("") String executorNamespace,
        @DefaultValue(SharedDefaults.MAX_EXECUTION_TIMEOUT_SECONDS) @DurationUnit(ChronoUnit.SECONDS)
        Duration maxExecutionTimeout,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace,
        @DefaultValue("10m") @DurationUnit(ChronoUnit.SECONDS) Duration replicaGoneGrace) {

    public static final String LOCAL_BACKEND = "local";
    public static final String KUBERNETES_BACKEND = "kubernetes";
    /** Slack beyond timeout + grace before a leased pod counts as abandoned (clock skew, slow deletes). */
    public static final Duration LEASE_MARGIN = Duration.ofMinutes(2);
    /** Shortest {@code APP_REPLICA_GONE_GRACE}: six heartbeat intervals, so a slow heartbeat never looks like death. */
    public static final Duration MIN_REPLICA_GONE_GRACE = ReplicaRegistry.HEARTBEAT_INTERVAL.multipliedBy(6);

    public JanitorProperties {
        if (janitorBatchSize < 1) {
            throw new IllegalArgumentException("APP_JANITOR_BATCH_SIZE must be at least 1: " + janitorBatchSize);
        }
        if (orphanGrace.isNegative()) {
            throw new IllegalArgumentException("APP_ORPHAN_GRACE must not be negative: " + orphanGrace);
        }
        if (!Set.of(LOCAL_BACKEND, KUBERNETES_BACKEND).contains(executorBackend)) {
            throw new IllegalArgumentException(
                    "APP_EXECUTOR_BACKEND must be local or kubernetes: " + executorBackend);
        }
        if (maxExecutionTimeout.isNegative() || maxExecutionTimeout.isZero()) {
            throw new IllegalArgumentException("APP_MAX_EXECUTION_TIMEOUT must be positive: " + maxExecutionTimeout);
        }
        if (resultGrace.isNegative()) {
            throw new IllegalArgumentException("APP_RESULT_GRACE must not be negative: " + resultGrace);
        }
        if (replicaGoneGrace.compareTo(MIN_REPLICA_GONE_GRACE) < 0) {
            throw new IllegalArgumentException("APP_REPLICA_GONE_GRACE must be at least " + MIN_REPLICA_GONE_GRACE
                    + " (several heartbeat intervals): " + replicaGoneGrace);
        }
    }

    /** How long a pod may stay leased before the janitor reaps it: max timeout + result grace + margin. */
    public Duration maxLeaseDuration() {
        return maxExecutionTimeout.plus(resultGrace).plus(LEASE_MARGIN);
    }
}
