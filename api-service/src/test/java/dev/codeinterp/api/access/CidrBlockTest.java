package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "10.9.9.9/8, 10.1.2.3, true",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "192.168.1.7/32, 192.168.1.7, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "127.0.0.0/8, 127.0.0.1, true",
            "127.0.0.0/8, ::1, false",
            "::1, ::1, true",
            "::1, 127.0.0.1, false",
            "2001:db8::/32, 2001:db8:ffff::5, true",
            "2001:db8::/32, 2001:db9::5, false",
            "2001:db8::/32, 10.0.0.1, false",
            "fd00::/8, fdab:1::1, true",
            "::/0, 2001:db8::1, true",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "::ffff:10.0.0.0/104, 10.200.0.1, true",
            "::ffff:10.0.0.0/104, 11.0.0.1, false",
            "::ffff:192.168.1.7, 192.168.1.7, true",
            "[::1], ::1, true"})
    void shouldMatchAddressesInsideTheBlockOnly(String block, String address, boolean inside) throws Exception {
        assertThat(CidrBlock.parse(block).contains(InetAddress.getByName(address))).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0",
            "localhost", "example.com", "10.0.0.0/x", "fe80::1%eth0", "::ffff:10.0.0.0/8", "", "1.2.3.4 /8"})
    void shouldRefuseTextThatIsNotAnAddressOrBlock(String text) {
        assertThatThrownBy(() -> CidrBlock.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"::ffff:10.1.2.3, 10.1.2.3", "::ffff:a01:203, 10.1.2.3", "2001:db8::1, 2001:db8:0:0:0:0:0:1"})
    void shouldTreatIpv4MappedAddressesAsIpv4WhenParsing(String text, String expected) {
        assertThat(CidrBlock.parseAddress(text)).hasValueSatisfying(
                address -> assertThat(address.getHostAddress()).isEqualTo(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "unknown", "1.2.3", ""})
    void shouldNeverResolveNamesWhenParsingAnAddress(String text) {
        assertThat(CidrBlock.parseAddress(text)).isEmpty();
    }
}
