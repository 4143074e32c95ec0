package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

    @Test
    void shouldCountExpiryFromTheGrantToTheWholeSecondWhenStartingAt() {
        GrantLimits limits = GrantLimits.startingAt(NOW.plusMillis(1999), 3, Duration.ofSeconds(10));

        assertThat(limits).isEqualTo(new GrantLimits(3, NOW.plusSeconds(11)));
    }

    @Test
    void shouldNeverExpireAndAllowUnlimitedDownloadsWhenStartingAtWithoutLimits() {
        assertThat(GrantLimits.startingAt(NOW, 0, null)).isEqualTo(new GrantLimits(null, null));
    }
}
