package dev.codeinterp.api.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The keys of {@code APP_API_KEYS}, kept only as SHA-256 digests. A presented key is hashed and compared with every
 * digest by {@link MessageDigest#isEqual} — fixed length, constant time, no early exit — so neither the keys'
 * lengths nor which key matched can be learned from timing. Never prints a key.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** Parses the setting; a key with whitespace or control characters fails, naming the variable but not the key. */
    public static ApiKeys parse(String text, String variable) {
        List<String> keys = SettingList.parse(text, variable);
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException(variable + ": key " + (i + 1) + " contains whitespace or a "
                        + "control character");
            }
        }
        return new ApiKeys(keys.stream().map(ApiKeys::sha256).toList());
    }

    /** Whether any key is configured, i.e. every request must present one. */
    public boolean required() {
        return !digests.isEmpty();
    }

    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = sha256(presented);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, candidate);
        }
        return match;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + " configured]";
    }
}
