package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.local.bench.Targets.Met;
import dev.codeinterp.local.bench.Targets.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final double FLOOR = 20.0;

    @Test
    void shouldMeetEveryTargetWhenEachFigureIsWithinItsLimit() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, latencies(30, 60), Optional.of(latencies(40)),
                List.of(load(8, 70, 10, Map.of()), load(64, 65, 1400, Map.of()))));

        assertThat(rows).extracting(Row::measure).containsExactly("hello world p50", "hello world p99",
                "pandas+numpy p50", "throughput", "p50 at 64 clients");
        assertThat(rows).extracting(Row::met).containsOnly(Met.YES);
        assertThat(rows.get(0).figure()).isEqualTo("30.0 ms = 1.50× floor");
        assertThat(rows.get(0).target()).isEqualTo("≤ 1.5× floor (30.0 ms)");
        assertThat(rows.get(3).figure()).isEqualTo("70.0 jobs/s (8 clients), 0 errors in all levels");
    }

    @Test
    void shouldMissLatencyTargetsWhenFiguresExceedTheirMultipleOfTheFloor() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, latencies(31, 61), Optional.of(latencies(41)),
                List.of(load(64, 10, 1500, Map.of()))));

        assertThat(rows).extracting(Row::met).containsExactly(Met.NO, Met.NO, Met.NO, Met.NO, Met.NO);
        assertThat(rows.get(1).figure()).isEqualTo("61.0 ms = 3.05× floor");
        assertThat(rows.get(4).figure()).isEqualTo("1500.0 ms");
    }

    @Test
    void shouldMissTheThroughputTargetWhenAnyLevelHadAnErrorEvenIfTheBestIsFastEnough() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, latencies(25), Optional.empty(),
                List.of(load(8, 80, 10, Map.of()), load(64, 61, 900, Map.of("WrongAnswer: HTTP 503", 2)))));

        assertThat(rows.get(3).met()).isEqualTo(Met.NO);
        assertThat(rows.get(3).figure()).isEqualTo("80.0 jobs/s (8 clients), 2 errors in all levels");
    }

    @Test
    void shouldReportNotMeasuredWhenPandasIsMissingAndNoLevelRan() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, latencies(25), Optional.empty(), List.of()));

        assertThat(rows.subList(2, 5)).extracting(Row::met).containsOnly(Met.NOT_MEASURED);
        assertThat(rows.get(2).figure()).contains("skipped");
    }

    @Test
    void shouldReportNotMeasuredWhenNoLevelHadSixtyFourClients() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, latencies(25), Optional.empty(),
                List.of(load(8, 70, 10, Map.of()))));

        assertThat(rows.get(4).met()).isEqualTo(Met.NOT_MEASURED);
        assertThat(rows.get(3).met()).isEqualTo(Met.YES);
    }

    @Test
    void shouldMissWhenNoRequestSucceeded() {
        List<Row> rows = Targets.evaluate(new Targets.Figures(FLOOR, none(), Optional.empty(),
                List.of(new LoadResult(64, Duration.ofSeconds(1), 0, none(), Map.of("IOException", 9)))));

        assertThat(rows.get(0).met()).isEqualTo(Met.NO);
        assertThat(rows.get(0).figure()).isEqualTo("none succeeded");
        assertThat(rows.get(4).met()).isEqualTo(Met.NO);
        assertThat(rows.get(4).figure()).isEqualTo("none succeeded");
    }

    /** A hundred latencies: half at {@code p50} or below, 99 at {@code p99} or below, in milliseconds. */
    private static Percentiles latencies(double p50, double p99) {
        return new Percentiles(LongStream.range(0, 100).mapToDouble(i -> i < 50 ? p50 : p99)
                .mapToLong(ms -> Math.round(ms * 1e6)).toArray());
    }

    private static Percentiles latencies(double all) {
        return latencies(all, all);
    }

    private static Percentiles none() {
        return new Percentiles(new long[0]);
    }

    private static LoadResult load(int clients, double jobsPerSecond, double p50, Map<String, Integer> errors) {
        return new LoadResult(clients, Duration.ofSeconds(10), (int) Math.round(jobsPerSecond * 10), latencies(p50),
                errors);
    }
}
