package dev.codeinterp.janitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.janitor.sweep.Sweeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SweepRunnerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SweepRunner runner = new SweepRunner(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), registry);

    @Test
    void shouldCountWhatEachSweeperHandledUnderItsOwnName() {
        runner.run(new ExpiredGrantSweeper());
        runner.run(new ExpiredGrantSweeper());
        runner.run(new OrphanObjectSweeper());

        assertThat(deletions("expired_grant")).isEqualTo(6);
        assertThat(deletions("orphan_object")).isZero();
    }

    @Test
    void shouldKeepGoingAndCountNothingWhenASweeperFails() {
        runner.run(new FailingSweeper());

        assertThat(registry.find("code.interpreter.janitor.deletions").counters()).isEmpty();
    }

    private double deletions(String sweeper) {
        return registry.get("code.interpreter.janitor.deletions").tag("sweeper", sweeper).counter().count();
    }

    private static final class ExpiredGrantSweeper implements Sweeper {
        @Override
        public int sweepOnce(Instant now) {
            return 3;
        }
    }

    private static final class OrphanObjectSweeper implements Sweeper {
        @Override
        public int sweepOnce(Instant now) {
            return 0;
        }
    }

    private static final class FailingSweeper implements Sweeper {
        @Override
        public int sweepOnce(Instant now) {
            throw new IllegalStateException("Redis is down");
        }
    }
}
