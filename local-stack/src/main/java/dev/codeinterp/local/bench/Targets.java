package dev.codeinterp.local.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issue 12, checked against the figures of one run. Latency targets are multiples of the
 * {@code python3 -S -c 'print(1)'} floor measured in the same run. A missed target is reported, never thrown.
 */
public final class Targets {

    static final double HELLO_P50_FACTOR = 1.5;
    static final double HELLO_P99_FACTOR = 3;
    static final double PANDAS_P50_FACTOR = 2;
    static final double MIN_JOBS_PER_SECOND = 60;
    static final int CROWD_CLIENTS = 64;
    static final double MAX_CROWD_P50_MILLIS = 1500;

    /** Whether a target was met; {@link #NOT_MEASURED} when the run had no figure for it. */
    public enum Met {
        YES, NO, NOT_MEASURED
    }

    /** One line of the summary. */
    public record Row(String measure, String figure, String target, Met met) {
    }

    /**
     * A run's figures.
     *
     * @param floorP50   p50 of {@code python3 -S -c 'print(1)'}, in milliseconds
     * @param hello      {@code /v1/execute print(1)}, sequential
     * @param pandas     {@code import pandas, numpy; print(1)}, sequential; empty when skipped
     * @param loads      the closed-loop levels, in any order
     */
    public record Figures(double floorP50, Percentiles hello, Optional<Percentiles> pandas, List<LoadResult> loads) {
    }

    private Targets() {
    }

    public static List<Row> evaluate(Figures figures) {
        double floor = figures.floorP50();
        List<Row> rows = new ArrayList<>();
        rows.add(againstFloor("hello world p50", figures.hello().millis(0.50), floor, HELLO_P50_FACTOR));
        rows.add(againstFloor("hello world p99", figures.hello().millis(0.99), floor, HELLO_P99_FACTOR));
        rows.add(figures.pandas()
                .map(pandas -> againstFloor("pandas+numpy p50", pandas.millis(0.50), floor, PANDAS_P50_FACTOR))
                .orElse(new Row("pandas+numpy p50", "skipped (pandas not importable)",
                        target(PANDAS_P50_FACTOR, floor), Met.NOT_MEASURED)));
        rows.add(throughput(figures.loads()));
        rows.add(crowd(figures.loads()));
        return rows;
    }

    private static Row againstFloor(String measure, double millis, double floor, double factor) {
        String figure = Double.isNaN(millis) ? "none succeeded"
                : format("%.1f ms = %.2f× floor", millis, millis / floor);
        return new Row(measure, figure, target(factor, floor), met(millis <= factor * floor));
    }

    private static String target(double factor, double floor) {
        return format("≤ %.1f× floor (%.1f ms)", factor, factor * floor);
    }

    /** The best level's jobs/s; met when it reaches the target and no level had an error. */
    private static Row throughput(List<LoadResult> loads) {
        String target = format("≥ %.0f jobs/s, 0 errors", MIN_JOBS_PER_SECOND);
        Optional<LoadResult> best = loads.stream().max(Comparator.comparingDouble(LoadResult::jobsPerSecond));
        if (best.isEmpty()) {
            return new Row("throughput", "not measured", target, Met.NOT_MEASURED);
        }
        int errors = loads.stream().mapToInt(LoadResult::errorCount).sum();
        String figure = format("%.1f jobs/s (%d clients), %d errors in all levels", best.get().jobsPerSecond(),
                best.get().clients(), errors);
        return new Row("throughput", figure, target, met(best.get().jobsPerSecond() >= MIN_JOBS_PER_SECOND
                && errors == 0));
    }

    private static Row crowd(List<LoadResult> loads) {
        String measure = "p50 at " + CROWD_CLIENTS + " clients";
        String target = format("< %.0f ms", MAX_CROWD_P50_MILLIS);
        Optional<LoadResult> crowd = loads.stream().filter(load -> load.clients() == CROWD_CLIENTS).findFirst();
        if (crowd.isEmpty()) {
            return new Row(measure, "not measured (no " + CROWD_CLIENTS + "-client level)", target, Met.NOT_MEASURED);
        }
        double p50 = crowd.get().latencies().millis(0.50);
        String figure = Double.isNaN(p50) ? "none succeeded" : format("%.1f ms", p50);
        return new Row(measure, figure, target, met(p50 < MAX_CROWD_P50_MILLIS));
    }

    private static Met met(boolean met) {
        return met ? Met.YES : Met.NO;
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
