package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void shouldUseTheDefaultsWhenNothingIsGiven() {
        BenchSettings settings = BenchSettings.from(new String[0], name -> null);

        assertThat(settings).isEqualTo(new BenchSettings(300, List.of(8, 16, 32, 64), Duration.ofSeconds(15),
                Duration.ofSeconds(3)));
        assertThat(settings.pandasRequests()).isEqualTo(30);
    }

    @Test
    void shouldTakeTheRequestsFromTheArgumentAndTheRestFromTheSettingsWhenGiven() {
        Map<String, String> given = Map.of("bench.clients", " 4, 64 ", "bench.seconds", "2.5",
                "bench.warmup-seconds", "0");

        BenchSettings settings = BenchSettings.from(new String[] {"150"}, given::get);

        assertThat(settings).isEqualTo(new BenchSettings(150, List.of(4, 64), Duration.ofMillis(2500), Duration.ZERO));
        assertThat(settings.pandasRequests()).isEqualTo(15);
    }

    @Test
    void shouldMeasureAtLeastTenPandasRequestsWhenFewRequestsAreAsked() {
        assertThat(BenchSettings.from(new String[] {"20"}, name -> null).pandasRequests()).isEqualTo(10);
    }

    @Test
    void shouldRefuseSettingsThatMeasureNothingWhenGiven() {
        assertThatThrownBy(() -> BenchSettings.from(new String[] {"0"}, name -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchSettings.from(new String[0], Map.of("bench.clients", "8,0")::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchSettings.from(new String[0], Map.of("bench.seconds", "0")::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadTheEnvironmentVariableWhenNoSystemPropertyIsSet() {
        // PATH is set in every environment; bench.path is not a system property
        assertThat(BenchSettings.fromSystem("path")).isEqualTo(System.getenv("PATH"));
        System.setProperty("bench.test-only", "7");
        try {
            assertThat(BenchSettings.fromSystem("bench.test-only")).isEqualTo("7");
        } finally {
            System.clearProperty("bench.test-only");
        }
    }
}
