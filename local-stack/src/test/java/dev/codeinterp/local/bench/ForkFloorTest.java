package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForkFloorTest {

    @Test
    void shouldForkAPreloadedInterpreterAndReportItsCostWhenMeasured() throws Exception {
        ForkFloor.Figures figures = ForkFloor.measure(5, List.of("json", "no_such_module_here"));

        assertThat(figures.preloaded()).containsExactly("json");
        assertThat(figures.forks()).isEqualTo(5);
        assertThat(figures.rssMib()).isPositive();
        assertThat(figures.p50Ms()).isPositive();
        assertThat(figures.cpuMs()).isPositive();
    }

    @Test
    void shouldBoundForksPerSecondByTheCoresCpuWhenAForkCostsTwentyMilliseconds() {
        ForkFloor.Figures figures = ForkFloor.parse("""
                {"preloaded": ["numpy"], "rss_mib": 118, "forks": 100, "p50_ms": 17.0, "cpu_ms": 20.0}""");

        assertThat(figures).isEqualTo(new ForkFloor.Figures(List.of("numpy"), 118, 100, 17.0, 20.0));
        assertThat(figures.ceilingPerSecond(2)).isCloseTo(100.0, within(1e-9));
    }
}
