package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.local.bench.Targets.Met;
import dev.codeinterp.local.bench.Targets.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void shouldPrintOneAlignedRowPerTargetWithItsVerdictWhenSummarising() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport report = new BenchReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        report.summary(List.of(new Row("hello world p50", "30.0 ms", "≤ 30.0 ms", Met.YES),
                new Row("throughput", "7.7 jobs/s (8 clients), 0 errors", "≥ 60 jobs/s", Met.NO),
                new Row("p50 at 64 clients", "not measured", "< 1500 ms", Met.NOT_MEASURED)));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "measure           | figure                           | target      | met?",
                "-------------------------------------------------------------------------",
                "hello world p50   | 30.0 ms                          | ≤ 30.0 ms   | yes",
                "throughput        | 7.7 jobs/s (8 clients), 0 errors | ≥ 60 jobs/s | NO",
                "p50 at 64 clients | not measured                     | < 1500 ms   | n/a");
    }
}
