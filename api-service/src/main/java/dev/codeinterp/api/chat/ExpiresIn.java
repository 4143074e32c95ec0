package dev.codeinterp.api.chat;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code expires_in}: {@code <n><unit>} with unit {@code s|m|h|d|w} (case-insensitive, spaces allowed) or
 * a bare number of seconds.
 */
public final class ExpiresIn {

    /** At most 9 digits: even in weeks (about 19 million years) that still fits an {@code Instant}. */
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*([smhdw]?)\\s*");

    private ExpiresIn() {
    }

    /** The duration, or empty when the text is not a valid {@code expires_in}. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration unit = switch (m.group(2)) {
            case "", "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
        };
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(unit.multipliedBy(n));
    }
}
