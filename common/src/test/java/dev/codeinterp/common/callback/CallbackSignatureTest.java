package dev.codeinterp.common.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    @Test
    void shouldSignTimestampDotBodyWhenGivenTheSecret() {
        byte[] body = "{\"job_id\":\"j1\"}".getBytes(StandardCharsets.UTF_8);

        // Reference: python3 -c 'import hmac,hashlib; print(hmac.new(b"s3cret", b"1700000000." + body,
        // hashlib.sha256).hexdigest())'
        assertThat(CallbackSignature.sign("s3cret", 1_700_000_000L, body)).isEqualTo("sha256=" + EXPECTED);
    }

    @Test
    void shouldChangeWhenTheTimestampChanges() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(CallbackSignature.sign("k", 1, body)).isNotEqualTo(CallbackSignature.sign("k", 2, body));
    }

    private static final String EXPECTED = "271bb4fac600ca48407330517fd381763babe4fcf10e52f5094dad9bfbab8085";
}
