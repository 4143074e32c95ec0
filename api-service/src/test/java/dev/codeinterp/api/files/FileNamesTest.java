package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"report.csv", "résumé 2024.txt", "žluťoučký kůň.txt", "日本語.md", "🐍.py", "a b  c",
            "\"quoted\".txt", "semi;colon=1.txt", ".hidden", "...", "no-extension", "x"})
    void shouldAcceptNamesInAnyScriptWithSpacesAndPunctuation(String name) {
        assertThat(FileNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "/abs", "a\\b", "nul\u0000.txt", "line\nbreak", "cr\r.txt", "tab\t.txt",
            "del\u007f", "c1\u0085", ".", "..", ""})
    void shouldRefusePathsControlCharactersAndDotNames(String name) {
        assertThat(FileNames.isValid(name)).isFalse();
    }

    @Test
    void shouldAcceptAtMost255Utf8Bytes() {
        assertThat(FileNames.isValid("a".repeat(255))).isTrue();
        assertThat(FileNames.isValid("a".repeat(256))).isFalse();
        assertThat(FileNames.isValid("é".repeat(127) + "a")).as("255 bytes in 128 characters").isTrue();
        assertThat(FileNames.isValid("é".repeat(128))).as("256 bytes in 128 characters").isFalse();
    }

    @Test
    void shouldRefuseNullAndUnpairedSurrogates() {
        assertThat(FileNames.isValid(null)).isFalse();
        assertThat(FileNames.isValid("bad\ud800.txt")).isFalse();
        assertThat(FileNames.isValid("bad\udc00.txt")).isFalse();
    }

    @Test
    void shouldAnswer400InvalidFilenameWhenRequiredNameIsRefused() {
        assertThat(FileNames.require("ok.txt")).isEqualTo("ok.txt");
        assertThatThrownBy(() -> FileNames.require("../etc/passwd"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("Invalid filename");
                });
    }
}
