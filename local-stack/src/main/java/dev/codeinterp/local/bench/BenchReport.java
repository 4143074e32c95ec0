package dev.codeinterp.local.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@link HelloWorldBenchmark} prints its figures: one line per measure, then the summary table. */
final class BenchReport {

    private static final String LATENCY = "%-48s n=%-5d p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms%s";

    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    void latency(String name, Percentiles latencies) {
        line(LATENCY, name, latencies.count(), latencies.millis(0.50), latencies.millis(0.90),
                latencies.millis(0.99), "");
    }

    /** With the failed calls, if any. */
    void latency(String name, StackClient.Timings timings) {
        latency(name, timings.latencies());
        errors(timings.errors());
    }

    /** With the ratios of p50 and p99 to {@code floorP50}, and the failed calls if any. */
    void againstFloor(String name, StackClient.Timings timings, double floorP50) {
        Percentiles p = timings.latencies();
        line(LATENCY, name, p.count(), p.millis(0.50), p.millis(0.90), p.millis(0.99),
                String.format(Locale.ROOT, "  (p50 %.2f×, p99 %.2f× the -S floor)", p.millis(0.50) / floorP50,
                        p.millis(0.99) / floorP50));
        errors(timings.errors());
    }

    void load(LoadResult result) {
        Percentiles p = result.latencies();
        line("closed loop, %2d clients, %4.1f s: %6.1f jobs/s  errors %-4d p50 %7.1f ms  p99 %7.1f ms  (n=%d)",
                result.clients(), result.window().toMillis() / 1000.0, result.jobsPerSecond(), result.errorCount(),
                p.millis(0.50), p.millis(0.99), p.count());
        errors(result.errors());
    }

    void summary(List<Targets.Row> rows) {
        int measure = width(rows.stream().map(Targets.Row::measure).toList(), "measure");
        int figure = width(rows.stream().map(Targets.Row::figure).toList(), "figure");
        int target = width(rows.stream().map(Targets.Row::target).toList(), "target");
        String format = "%-" + measure + "s | %-" + figure + "s | %-" + target + "s | %s";
        line(format, "measure", "figure", "target", "met?");
        line("%s", "-".repeat(measure + figure + target + 3 * " | ".length() + "met?".length()));
        for (Targets.Row row : rows) {
            line(format, row.measure(), row.figure(), row.target(), switch (row.met()) {
                case YES -> "yes";
                case NO -> "NO";
                case NOT_MEASURED -> "n/a";
            });
        }
    }

    private void errors(Map<String, Integer> errors) {
        errors.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .forEach(e -> line("    %5d × %s", e.getValue(), e.getKey()));
    }

    private static int width(List<String> cells, String header) {
        return Math.max(header.length(), cells.stream().mapToInt(String::length).max().orElse(0));
    }
}
