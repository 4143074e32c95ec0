package dev.codeinterp.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiresInTest {

    @ParameterizedTest(name = "''{0}'' = {1}")
    @CsvSource(delimiter = '=', ignoreLeadingAndTrailingWhitespace = false, value = {
            "30d=PT720H",
            "5 H=PT5H",
            " 10 m =PT10M",
            "3600=PT1H",
            "45s=PT45S",
            "1w=PT168H",
            "2W=PT336H",
            "999999999=PT277777H46M39S"})
    void shouldParseLifetimeWhenFormIsValid(String text, Duration expected) {
        assertThat(ExpiresIn.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0d", "-5", "5x", "abc", "", " ", "d", "1.5h", "5 hours", "1h30m", "+5",
            "1234567890", "1234567890s"})
    void shouldRejectLifetimeWhenFormIsInvalid(String text) {
        assertThat(ExpiresIn.parse(text)).isEmpty();
    }

    @Test
    void shouldOnlyAcceptLifetimeWhenItCanBeAddedToAnInstant() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        Optional<Duration> lifetime = ExpiresIn.parse("999999999999w");

        assertThatCode(() -> lifetime.ifPresent(now::plus)).doesNotThrowAnyException();
    }
}
