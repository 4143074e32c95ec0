package dev.codeinterp.janitor.config;

import dev.codeinterp.common.config.SharedDefaults;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the janitor-service; each maps to the {@code APP_*} environment variable of the same name
 * ({@code app.orphan-grace} ← {@code APP_ORPHAN_GRACE}).
 *
 * @param janitorInterval  pause between two rounds of every sweeper (seconds if no unit)
 * @param janitorBatchSize most items one sweeper handles per round
 * @param orphanGrace      how long a stored object is kept after its last grant went away before it is deleted
 *                         (seconds if no unit); objects a queued or running job will read are kept longer
 * @param executorBackend  {@code kubernetes}: the janitor also reaps orphan executor pods; {@code local}: it does not
 * @param executorNamespace namespace of the executor pods; empty = the client's (in a cluster: the janitor's own)
 * @param maxExecutionTimeout the largest timeout of a job (seconds if no unit)
 * @param resultGrace      time a worker allows beyond a job's timeout (seconds if no unit)
 */
@ConfigurationProperties("app")
public record JanitorProperties(
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) Duration janitorInterval,
        @DefaultValue("500") int janitorBatchSize,
        @DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration orphanGrace,
        @DefaultValue("local") String executorBackend,
        @DefaultValue("") String executorNamespace,
        @DefaultValue("600") @DurationUnit(ChronoUnit.SECONDS) Duration maxExecutionTimeout,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace) {

    /** Beyond the longest a job may hold its pod: the margin before the janitor reaps a pod still leased. */
    static final Duration LEASE_MARGIN = Duration.ofMinutes(2);

    /** The longest an executor pod may stay leased before the janitor reaps it. */
    public Duration maxPodLease() {
        return maxExecutionTimeout.plus(resultGrace).plus(LEASE_MARGIN);
    }

    public JanitorProperties {
        if (janitorBatchSize < 1) {
            throw new IllegalArgumentException("APP_JANITOR_BATCH_SIZE must be at least 1: " + janitorBatchSize);
        }
        if (orphanGrace.isNegative()) {
            throw new IllegalArgumentException("APP_ORPHAN_GRACE must not be negative: " + orphanGrace);
        }
    }
}
