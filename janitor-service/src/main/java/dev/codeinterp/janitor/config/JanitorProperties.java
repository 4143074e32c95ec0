package dev.codeinterp.janitor.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the janitor-service.
 *
 * @param janitorInterval  pause between two rounds of every sweeper (seconds if no unit)
 * @param janitorBatchSize most items one sweeper handles per round
 */
@ConfigurationProperties("app")
public record JanitorProperties(
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) Duration janitorInterval,
        @DefaultValue("500") int janitorBatchSize) {
}
