package dev.codeinterp.common.metrics;

import dev.codeinterp.common.job.JobEndListener;
import dev.codeinterp.common.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code code_interpreter_executions_total{outcome="succeeded|failed|timed_out|..."}}: each job's end, counted once,
 * by the service whose status change ended it (a worker, or the janitor or api for jobs that never ran).
 */
public final class ExecutionOutcomeMetrics implements JobEndListener {

    private final MeterRegistry registry;

    public ExecutionOutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void jobEnded(String jobId, JobStatus status) {
        Counter.builder("code.interpreter.executions").tag("outcome", status.wireName())
                .description("Jobs ended, by outcome").register(registry).increment();
    }
}
