package dev.codeinterp.api.execution;

import dev.codeinterp.api.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's {@code Idempotency-Key} header and the fingerprint of its body: SHA-256 of the JSON with object keys
 * sorted, so that the same request sent again with another key order or spacing is the same body.
 */
public record IdempotencyKey(String value, String fingerprint) {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** The key of the header, or a 400 when it is not 1 to 255 visible ASCII characters. */
    public static IdempotencyKey of(String header, JsonNode body, JsonMapper mapper) {
        if (!VALID.matcher(header).matches()) {
            throw ApiException.badRequest("Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters");
        }
        return new IdempotencyKey(header, fingerprint(body, mapper));
    }

    static String fingerprint(JsonNode body, JsonMapper mapper) {
        Object canonical = sorted(mapper.treeToValue(body, Object.class));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(mapper.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, entry) -> sorted.put((String) key, sorted(entry)));
            return sorted;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(IdempotencyKey::sorted).toList();
        }
        return value;
    }
}
