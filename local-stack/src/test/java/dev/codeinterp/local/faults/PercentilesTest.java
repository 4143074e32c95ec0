package dev.codeinterp.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void shouldGiveTheNearestRankInMillisecondsWhateverTheOrder() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }

        Percentiles percentiles = new Percentiles(nanos);

        assertThat(percentiles.millis(0.50)).isEqualTo(50.0);
        assertThat(percentiles.millis(0.99)).isEqualTo(99.0);
        assertThat(percentiles.count()).isEqualTo(100);
    }

    @Test
    void shouldGiveNotANumberWhenThereAreNoValues() {
        assertThat(new Percentiles(new long[0]).millis(0.5)).isNaN();
    }
}
