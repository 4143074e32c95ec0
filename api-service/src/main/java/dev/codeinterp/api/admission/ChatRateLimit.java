package dev.codeinterp.api.admission;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code APP_CHAT_RATE_LIMIT}: at most {@code executions} of one chat start within any {@code window} (a sliding
 * window). Written {@code <n>} (per minute) or {@code <n>/<window>} with the window {@code <k>s|m|h} or just
 * {@code s|m|h} ({@code 60}, {@code 60/1m}, {@code 10/30s}, {@code 1000/h}); empty or {@code 0} = unlimited.
 *
 * @param executions 0 = unlimited
 */
public record ChatRateLimit(int executions, Duration window) {

    public static final ChatRateLimit UNLIMITED = new ChatRateLimit(0, Duration.ofMinutes(1));

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(?:\\s*/\\s*(\\d{0,6})\\s*([smh]))?");

    public ChatRateLimit {
        if (executions < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs executions >= 0 and a positive window");
        }
    }

    /** Parses the setting; malformed text fails with a message naming {@code variable}. */
    public static ChatRateLimit parse(String text, String variable) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
            return UNLIMITED;
        }
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches() || "0".equals(m.group(2))) {
            throw new IllegalArgumentException(variable + " must be <n> (per minute) or <n>/<window> such as 60/1m, "
                    + "10/30s or 1000/1h, got: " + text);
        }
        int executions = Integer.parseInt(m.group(1));
        if (m.group(3) == null) {
            return new ChatRateLimit(executions, Duration.ofMinutes(1));
        }
        long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new ChatRateLimit(executions, unit.multipliedBy(count));
    }

    public boolean isUnlimited() {
        return executions == 0;
    }

    @Override
    public String toString() {
        String per = window.toString().substring("PT".length()).toLowerCase(Locale.ROOT);
        return isUnlimited() ? "unlimited" : executions + " per " + per;
    }
}
