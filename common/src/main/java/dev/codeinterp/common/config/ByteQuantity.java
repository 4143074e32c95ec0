package dev.codeinterp.common.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of every size setting ({@code APP_FILE_SIZE_LIMIT}, {@code APP_MAX_REQUEST_SIZE},
 * {@code APP_EXECUTOR_TMP_SIZE}...), so they all accept the same forms:
 * <ul>
 *   <li>plain bytes: {@code 1048576}, or {@code 1048576B};</li>
 *   <li>binary units, Kubernetes style: {@code Ki Mi Gi Ti Pi Ei} (powers of 1024), also written
 *       {@code KiB MiB GiB...};</li>
 *   <li>decimal units, Kubernetes style: {@code k K M G T P E} (powers of 1000): {@code 10M} is 10,000,000 bytes;</li>
 *   <li>units ending in B, Spring Boot style: {@code KB MB GB TB PB} mean powers of <em>1024</em>, as Spring's
 *       {@code DataSize} (and these settings before this parser) always read them: {@code 10MB} = {@code 10Mi}.</li>
 * </ul>
 * A number may have a fraction ({@code 1.5Gi}); units are case-sensitive ({@code 1gi} is refused), spaces around the
 * number and unit are ignored. Why {@code MB} is binary while {@code M} is decimal: each form keeps the meaning of
 * the convention it comes from, so no value that was accepted before changes its number of bytes.
 */
public final class ByteQuantity {

    /** What an error message offers as examples. */
    public static final String EXAMPLES = "1Gi, 512Mi, 10MB, 512KB or 1048576";

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*"
            + "(Ki|Mi|Gi|Ti|Pi|Ei|KiB|MiB|GiB|TiB|PiB|EiB|k|K|M|G|T|P|E|B|KB|MB|GB|TB|PB)?\\s*");
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("B", BigDecimal.ONE),
            Map.entry("Ki", binary(1)), Map.entry("Mi", binary(2)), Map.entry("Gi", binary(3)),
            Map.entry("Ti", binary(4)), Map.entry("Pi", binary(5)), Map.entry("Ei", binary(6)),
            Map.entry("KiB", binary(1)), Map.entry("MiB", binary(2)), Map.entry("GiB", binary(3)),
            Map.entry("TiB", binary(4)), Map.entry("PiB", binary(5)), Map.entry("EiB", binary(6)),
            Map.entry("KB", binary(1)), Map.entry("MB", binary(2)), Map.entry("GB", binary(3)),
            Map.entry("TB", binary(4)), Map.entry("PB", binary(5)),
            Map.entry("k", decimal(1)), Map.entry("K", decimal(1)), Map.entry("M", decimal(2)),
            Map.entry("G", decimal(3)), Map.entry("T", decimal(4)), Map.entry("P", decimal(5)),
            Map.entry("E", decimal(6)));

    private ByteQuantity() {
    }

    /** The number of bytes; {@link IllegalArgumentException} naming {@code setting} when the text is not valid. */
    public static long parse(String text, String setting) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must be a size such as " + EXAMPLES + ", got '"
                    + text + "'");
        }
        BigDecimal unit = m.group(2) == null ? BigDecimal.ONE : UNITS.get(m.group(2));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unit);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(setting + " is too large: " + text);
        }
        return bytes.longValue();
    }

    /** {@link #parse} for a size that must fit in an {@code int} (an in-memory buffer). */
    public static int parseInt(String text, String setting) {
        long bytes = parse(text, setting);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(setting + " is too large (at most 2Gi - 8 bytes): " + text);
        }
        return (int) bytes;
    }

    private static BigDecimal binary(int power) {
        return BigDecimal.valueOf(1024).pow(power);
    }

    private static BigDecimal decimal(int power) {
        return BigDecimal.valueOf(1000).pow(power);
    }
}
