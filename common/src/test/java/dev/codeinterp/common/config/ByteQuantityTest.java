package dev.codeinterp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteQuantityTest {

    private static final String SETTING = "APP_FILE_SIZE_LIMIT";

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '=', value = {
            "1Gi = 1073741824",
            "512Mi = 536870912",
            "1Ki = 1024",
            "10M = 10000000",
            "1.5G = 1500000000",
            "1.5Ki = 1536",
            "4096 = 4096",
            "1k = 1000",
            "1K = 1000",
            "1Ei = 1152921504606846976",
            "9223372036854775807 = 9223372036854775807"})
    void shouldParseSizeWhenItIsAKubernetesQuantity(String text, long bytes) {
        assertThat(ByteQuantity.parse(text, SETTING)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '=', value = {
            "10MB = 10485760",
            "512KB = 524288",
            "1GB = 1073741824",
            "2TB = 2199023255552",
            "1PB = 1125899906842624",
            "1.5MB = 1572864",
            "4096B = 4096",
            "0B = 0",
            "10MiB = 10485760",
            "1GiB = 1073741824"})
    void shouldParseSizeAsPowersOf1024WhenItsUnitEndsInB(String text, long bytes) {
        assertThat(ByteQuantity.parse(text, SETTING)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10Mi", "10MB", "10MiB", "10485760", "10485760B", " 10 MB "})
    void shouldReadEveryFormOfTheSameSizeAlike(String text) {
        assertThat(ByteQuantity.parse(text, SETTING)).isEqualTo(10L * 1024 * 1024);
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '=', value = {"4MB = 4194304", "2147483639 = 2147483639", "64Ki = 65536"})
    void shouldParseAnIntSizeWhenItFitsInABuffer(String text, int bytes) {
        assertThat(ByteQuantity.parseInt(text, SETTING)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2Gi", "2147483640", "3GB"})
    void shouldRejectAnIntSizeNamingTheSettingWhenItDoesNotFitInABuffer(String text) {
        assertThatThrownBy(() -> ByteQuantity.parseInt(text, SETTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SETTING + " is too large");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "Gi", "-1", "-1Gi", "1gi", "1mb", "1Mb", "1kB", "1EB", "1iB", "1BB", "1 G i",
            "1.5.5", ".5G", "1e3", "0x10", "1,5G"})
    void shouldRejectSizeNamingTheSettingWhenFormIsInvalid(String text) {
        assertThatThrownBy(() -> ByteQuantity.parse(text, SETTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SETTING + " must be a size")
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8Ei", "9223372036854775808", "100000P"})
    void shouldRejectSizeNamingTheSettingWhenItDoesNotFitInALong(String text) {
        assertThatThrownBy(() -> ByteQuantity.parse(text, SETTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SETTING + " is too large: " + text);
    }
}
