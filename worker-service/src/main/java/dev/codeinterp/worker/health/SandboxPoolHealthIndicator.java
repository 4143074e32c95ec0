package dev.codeinterp.worker.health;

import dev.codeinterp.worker.sandbox.SandboxPool;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness of the sandbox pool: down while a lease would fail (none ready, and the last start failed). */
public final class SandboxPoolHealthIndicator implements HealthIndicator {

    private final SandboxPool pool;

    public SandboxPoolHealthIndicator(SandboxPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        Optional<String> unavailable = pool.unavailable();
        return unavailable.isEmpty() ? Health.up().build() : Health.down().withDetail("reason", unavailable.get()).build();
    }
}
