package dev.codeinterp.janitor.config;

import dev.codeinterp.janitor.sweep.Sweeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch of a sweeper, never letting its failure stop the schedule, and counts what it handled:
 * {@code code_interpreter_janitor_deletions_total{sweeper}} ({@code sweeper}: the class's name in snake case without
 * "Sweeper", e.g. {@code expired_grant}; for the job sweepers, the jobs ended).
 */
final class SweepRunner {

    private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

    private final Clock clock;
    private final MeterRegistry registry;

    SweepRunner(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
    }

    void run(Sweeper sweeper) {
        try {
            int handled = sweeper.sweepOnce(clock.instant());
            Counter.builder("code.interpreter.janitor.deletions").tag("sweeper", name(sweeper))
                    .description("Items each janitor sweeper removed (or, for jobs, ended)").register(registry)
                    .increment(handled);
        } catch (RuntimeException e) {
            log.error("{} failed; it will run again next round", sweeper.getClass().getSimpleName(), e);
        }
    }

    static String name(Sweeper sweeper) {
        String simple = sweeper.getClass().getSimpleName().replaceAll("Sweeper$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
