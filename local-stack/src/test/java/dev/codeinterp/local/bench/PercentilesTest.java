package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldTakeTheNearestRankWhenGivenAHundredValuesInAnyOrder() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray();

        Percentiles p = new Percentiles(nanos);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.millis(0.50)).isEqualTo(50.0);
        assertThat(p.millis(0.90)).isEqualTo(90.0);
        assertThat(p.millis(0.99)).isEqualTo(99.0);
        assertThat(p.millis(1.0)).isEqualTo(100.0);
        assertThat(p.millis(0.0)).isEqualTo(1.0);
    }

    @Test
    void shouldRoundTheRankUpWhenTheQuantileFallsBetweenTwoValues() {
        Percentiles p = new Percentiles(new long[] {10 * MS, 20 * MS, 30 * MS});

        assertThat(p.millis(0.50)).isEqualTo(20.0);
        assertThat(p.millis(0.99)).isEqualTo(30.0);
    }

    @Test
    void shouldBeNotANumberWhenThereAreNoValues() {
        assertThat(new Percentiles(new long[0]).millis(0.50)).isNaN();
    }

    @Test
    void shouldKeepItsOwnCopyWhenTheCallerChangesTheArray() {
        long[] nanos = {5 * MS};
        Percentiles p = new Percentiles(nanos);

        nanos[0] = 7 * MS;

        assertThat(p.millis(0.50)).isEqualTo(5.0);
    }
}
