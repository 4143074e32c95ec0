package dev.codeinterp.worker.metrics;

import dev.codeinterp.worker.execution.ExecutionMetrics;
import dev.codeinterp.worker.sandbox.SandboxPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The worker's measures in Micrometer, exported for Prometheus as {@code code_interpreter_job_queue_wait_seconds},
 * {@code code_interpreter_job_run_seconds}, {@code code_interpreter_sandbox_lease_wait_seconds} (histograms),
 * {@code code_interpreter_sandbox_leases_total{warm="true|false"}} (the pool's hit rate: warm over all) and
 * {@code code_interpreter_sandbox_pool_ready} (a gauge).
 */
public final class MicrometerExecutionMetrics implements ExecutionMetrics {

    private final Timer queueWait;
    private final Timer runTime;
    private final Timer leaseWait;
    private final Counter warmLeases;
    private final Counter coldLeases;

    public MicrometerExecutionMetrics(MeterRegistry registry, SandboxPool pool) {
        queueWait = histogram(registry, "code.interpreter.job.queue.wait",
                "From a job's submission to the start of its run");
        runTime = histogram(registry, "code.interpreter.job.run", "A job's program's run in its sandbox");
        leaseWait = histogram(registry, "code.interpreter.sandbox.lease.wait", "Waiting for a sandbox to lease");
        warmLeases = leases(registry, true);
        coldLeases = leases(registry, false);
        Gauge.builder("code.interpreter.sandbox.pool.ready", pool, SandboxPool::readyCount)
                .description("Sandboxes ready to be leased at once").register(registry);
    }

    @Override
    public void leased(Duration wait, boolean warm) {
        leaseWait.record(wait);
        (warm ? warmLeases : coldLeases).increment();
    }

    @Override
    public void queued(Duration wait) {
        queueWait.record(wait.isNegative() ? Duration.ZERO : wait);
    }

    @Override
    public void ran(Duration run) {
        runTime.record(run);
    }

    private static Timer histogram(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(15)).register(registry);
    }

    private static Counter leases(MeterRegistry registry, boolean warm) {
        return Counter.builder("code.interpreter.sandbox.leases").tag("warm", Boolean.toString(warm))
                .description("Sandbox leases; warm: one was ready when the lease began").register(registry);
    }
}
