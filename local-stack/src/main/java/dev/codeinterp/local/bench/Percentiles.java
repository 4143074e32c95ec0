package dev.codeinterp.local.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of durations in nanoseconds, in milliseconds. */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The value at {@code quantile} (0–1) in milliseconds; NaN when there are none. */
    public double millis(double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
