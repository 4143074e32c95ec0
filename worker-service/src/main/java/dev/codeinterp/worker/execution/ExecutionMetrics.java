package dev.codeinterp.worker.execution;

import java.time.Duration;

/** Port: what a worker measures of each job it runs (the outcomes are counted where jobs end: JobLifecycle). */
public interface ExecutionMetrics {

    ExecutionMetrics NONE = new ExecutionMetrics() {
        @Override
        public void leased(Duration wait, boolean warm) {
        }

        @Override
        public void queued(Duration wait) {
        }

        @Override
        public void ran(Duration run) {
        }
    };

    /** A sandbox was leased after {@code wait}; {@code warm}: one was ready when the lease began (a pool hit). */
    void leased(Duration wait, boolean warm);

    /** A job started {@code wait} after it was submitted. */
    void queued(Duration wait);

    /** A job's program ran for {@code run} in its sandbox. */
    void ran(Duration run);
}
