package dev.codeinterp.common.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NonPublicAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, unspecified", "0.1.2.3, unspecified",
            "127.0.0.1, loopback", "127.255.255.254, loopback",
            "10.0.0.1, private", "10.255.255.255, private",
            "172.16.0.1, private", "172.31.255.255, private",
            "192.168.0.1, private", "192.168.255.255, private",
            "169.254.169.254, link-local", "169.254.0.1, link-local",
            "100.64.0.1, carrier-grade NAT", "100.127.255.255, carrier-grade NAT",
            "224.0.0.1, multicast", "239.255.255.255, multicast",
            "240.0.0.1, reserved", "255.255.255.255, reserved"})
    void shouldRefuseIpv4WhenNotPublic(String address, String reason) throws UnknownHostException {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(address))).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "172.15.255.255", "172.32.0.1",
            "192.167.255.255", "192.169.0.1", "169.253.255.255", "169.255.0.1", "100.63.255.255", "100.128.0.1",
            "223.255.255.255", "126.255.255.255", "128.0.0.1"})
    void shouldAcceptIpv4WhenPublic(String address) throws UnknownHostException {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "::, unspecified", "::1, loopback",
            "fe80::1, link-local", "febf:ffff::1, link-local",
            "fc00::1, private", "fd12:3456:789a::1, private",
            "fec0::1, site-local",
            "ff02::1, multicast", "ff0e::1, multicast",
            // IPv4 inside IPv6: mapped, compatible, NAT64, 6to4
            "::ffff:127.0.0.1, loopback", "::ffff:10.1.2.3, private", "::ffff:169.254.169.254, link-local",
            "::127.0.0.1, loopback", "::192.168.1.1, private",
            "64:ff9b::127.0.0.1, loopback", "64:ff9b::a9fe:a9fe, link-local",
            "2002:7f00:1::, loopback", "2002:c0a8:0101::1, private"})
    void shouldRefuseIpv6WhenNotPublic(String address, String reason) throws UnknownHostException {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(address))).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808",
            "2002:0808:0808::1", "fe7f::1", "fbff::1", "2a00::1"})
    void shouldAcceptIpv6WhenPublic(String address) throws UnknownHostException {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254"})
    void shouldJudgeTheIpv4InsideWhenAnIpv4MappedAddressStaysIpv6(String ipv4) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByAddress would turn into IPv4.
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(NonPublicAddresses.reason(address)).isPresent();
    }
}
