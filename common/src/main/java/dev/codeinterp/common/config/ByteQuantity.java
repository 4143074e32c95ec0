package dev.codeinterp.common.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes in Kubernetes quantity syntax: {@code 1Gi}, {@code 512Mi}, {@code 10M}, {@code 1.5G}, {@code 4096}. */
public final class ByteQuantity {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?\\s*");
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("K", BigDecimal.valueOf(1_000L)),
            Map.entry("M", BigDecimal.valueOf(1_000_000L)), Map.entry("G", BigDecimal.valueOf(1_000_000_000L)),
            Map.entry("T", BigDecimal.valueOf(1_000_000_000_000L)),
            Map.entry("P", BigDecimal.valueOf(1_000_000_000_000_000L)),
            Map.entry("E", BigDecimal.valueOf(1_000_000_000_000_000_000L)));

    private ByteQuantity() {
    }

    /** The number of bytes; {@link IllegalArgumentException} naming {@code setting} when the text is not valid. */
    public static long parse(String text, String setting) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must be a size such as 1Gi, 512Mi or 1048576, got '"
                    + text + "'");
        }
        BigDecimal unit = m.group(2) == null ? BigDecimal.ONE : UNITS.get(m.group(2));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unit);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(setting + " is too large: " + text);
        }
        return bytes.longValue();
    }
}
