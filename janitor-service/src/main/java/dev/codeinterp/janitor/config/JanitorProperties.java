package dev.codeinterp.janitor.config;

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
 */
@ConfigurationProperties("app")
public record JanitorProperties(
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) Duration janitorInterval,
        @DefaultValue("500") int janitorBatchSize,
        @DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration orphanGrace) {

    public JanitorProperties {
        if (janitorBatchSize < 1) {
            throw new IllegalArgumentException("APP_JANITOR_BATCH_SIZE must be at least 1: " + janitorBatchSize);
        }
        if (orphanGrace.isNegative()) {
            throw new IllegalArgumentException("APP_ORPHAN_GRACE must not be negative: " + orphanGrace);
        }
    }
}
