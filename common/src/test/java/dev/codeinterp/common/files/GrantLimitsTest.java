package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrantLimitsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void shouldMeanUnlimitedDownloadsWhenMaxDownloadsIsZero() {
        assertThat(GrantLimits.of(0, null).remainingDownloads()).isNull();
        assertThat(GrantLimits.of(3, null).remainingDownloads()).isEqualTo(3);
    }

    @Test
    void shouldNeverExpireWhenExpiryIsAbsent() {
        assertThat(GrantLimits.of(0, null).isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void shouldBeExpiredFromTheExpiryInstantOn() {
        GrantLimits limits = GrantLimits.of(0, NOW);

        assertThat(limits.isExpiredAt(NOW.minusMillis(1))).isFalse();
        assertThat(limits.isExpiredAt(NOW)).isTrue();
        assertThat(limits.isExpiredAt(NOW.plusMillis(1))).isTrue();
    }
}
