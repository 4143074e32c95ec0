package dev.codeinterp.common.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a callback: {@code X-Signature-256: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>},
 * with {@code X-Signature-Timestamp: <unix seconds>}. Signing the timestamp lets the receiver refuse replays.
 */
public final class CallbackSignature {

    public static final String SIGNATURE_HEADER = "X-Signature-256";
    public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

    private CallbackSignature() {
    }

    /** The value of {@value #SIGNATURE_HEADER}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
