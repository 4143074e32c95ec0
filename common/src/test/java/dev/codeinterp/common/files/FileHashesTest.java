package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FileHashesTest {

    /** SHA-256 of the five bytes {@code hello}. */
    private static final String SHA256_OF_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void shouldAcceptHashWhenItIsLowercaseHexSha256() {
        assertThat(FileHashes.isValid(SHA256_OF_HELLO)).isTrue();
        assertThat(FileHashes.isValid("0".repeat(64))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", // uppercase
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982", // 63 characters
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98240", // 65 characters
            "gcf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", // not hex
            " 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", // leading space
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n", // trailing newline
            "../../etc/passwd"})
    void shouldRejectHashWhenItIsNotLowercaseHexSha256(String hash) {
        assertThat(FileHashes.isValid(hash)).isFalse();
    }
}
