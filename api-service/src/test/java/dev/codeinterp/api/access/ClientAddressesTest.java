package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

    private final ClientAddresses clients = new ClientAddresses(AddressRanges.parse("10.0.0.0/8,fd00::/8", "TEST"));

    @Test
    void shouldIgnoreForwardedForWhenThePeerIsNotATrustedProxy() {
        assertThat(client("203.0.113.9", "127.0.0.1")).contains("203.0.113.9");
    }

    @Test
    void shouldTakeTheRightMostUntrustedAddressWhenThePeerIsATrustedProxy() {
        assertThat(client("10.0.0.2", "127.0.0.1, 198.51.100.7, 10.0.0.5")).contains("198.51.100.7");
    }

    @Test
    void shouldNotBelieveWhatTheClientWroteLeftOfItsOwnAddress() {
        assertThat(client("10.0.0.2", "10.9.9.9, 198.51.100.7")).contains("198.51.100.7");
    }

    @Test
    void shouldReadEveryForwardedForHeaderInOrder() {
        Optional<InetAddress> client = clients.clientOf(peer("10.0.0.2"), List.of("198.51.100.7", "10.0.0.5"));

        assertThat(client).map(InetAddress::getHostAddress).contains("198.51.100.7");
    }

    @Test
    void shouldTakeTheLeftMostAddressWhenEveryHopIsATrustedProxy() {
        assertThat(client("10.0.0.2", "10.0.0.7, 10.0.0.5")).contains("10.0.0.7");
    }

    @Test
    void shouldTakeTheProxyItselfWhenItSendsNoForwardedFor() {
        assertThat(clients.clientOf(peer("10.0.0.2"), List.of())).map(InetAddress::getHostAddress)
                .contains("10.0.0.2");
    }

    @Test
    void shouldNotKnowTheClientWhenTheDecisiveHopIsNotAnAddress() {
        assertThat(client("10.0.0.2", "127.0.0.1, unknown")).isEmpty();
        assertThat(client("10.0.0.2", "127.0.0.1, example.com, 10.0.0.3")).isEmpty();
    }

    @Test
    void shouldNotKnowTheClientWhenThePeerIsUnknown() {
        assertThat(clients.clientOf(null, List.of("127.0.0.1"))).isEmpty();
    }

    @Test
    void shouldTrustAnIpv6ProxyAndAnIpv4MappedHop() {
        assertThat(client("fd00::1", "::ffff:198.51.100.7")).contains("198.51.100.7");
    }

    @Test
    void shouldTrustAnIpv4ProxyThatConnectedAsAnIpv4MappedAddress() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 2}), 4711);

        assertThat(clients.clientOf(mapped, List.of("198.51.100.7"))).map(InetAddress::getHostAddress)
                .contains("198.51.100.7");
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7:4711, 198.51.100.7", "[2001:db8::1]:4711, 2001:db8:0:0:0:0:0:1",
            "2001:db8::1, 2001:db8:0:0:0:0:0:1", "' 198.51.100.7 ', 198.51.100.7"})
    void shouldReadHopsWithPortsAndBrackets(String hop, String expected) {
        assertThat(ClientAddresses.parseHop(hop.strip())).map(InetAddress::getHostAddress).contains(expected);
    }

    private Optional<String> client(String peer, String forwardedFor) {
        return clients.clientOf(peer(peer), List.of(forwardedFor)).map(InetAddress::getHostAddress);
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(CidrBlock.parseAddress(address).orElseThrow(), 4711);
    }
}
