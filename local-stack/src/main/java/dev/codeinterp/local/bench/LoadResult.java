package dev.codeinterp.local.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What a {@link LoadRun} measured.
 *
 * @param completedInWindow successful requests that ended within the window
 * @param latencies         of every successful request, those that ended after the window included
 * @param errors            failed requests by kind (see {@link LoadRun#kindOf})
 */
public record LoadResult(int clients, Duration window, int completedInWindow, Percentiles latencies,
        Map<String, Integer> errors) {

    public double jobsPerSecond() {
        return completedInWindow / (window.toNanos() / 1e9);
    }

    public int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
}
