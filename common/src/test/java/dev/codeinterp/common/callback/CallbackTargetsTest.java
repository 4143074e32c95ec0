package dev.codeinterp.common.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackTargetsTest {

    private final List<String> lookups = new ArrayList<>();

    private CallbackTargets targets(List<String> allowlist, Map<String, List<String>> dns) {
        CallbackSettings settings = new CallbackSettings("", allowlist, 5, Duration.ofSeconds(1));
        return new CallbackTargets(settings, host -> {
            lookups.add(host);
            List<InetAddress> addresses = new ArrayList<>();
            for (String address : dns.getOrDefault(host, List.of())) {
                addresses.add(InetAddress.getByName(address));
            }
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return addresses;
        });
    }

    @Test
    void shouldGiveEveryAddressWhenAllArePublic() throws Exception {
        CallbackTargets targets = targets(List.of(), Map.of("hooks.example.com", List.of("8.8.8.8",
                "2001:4860:4860::8888")));

        assertThat(targets.addressesOf(URI.create("https://hooks.example.com/x")))
                .extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8", "2001:4860:4860:0:0:0:0:8888");
        assertThat(lookups).containsExactly("hooks.example.com");
    }

    @Test
    void shouldRefuseWhenAnyResolvedAddressIsNotPublic() {
        CallbackTargets targets = targets(List.of(), Map.of("rebind.example.com", List.of("8.8.8.8", "127.0.0.1")));

        assertThatThrownBy(() -> targets.addressesOf(URI.create("https://rebind.example.com/x")))
                .isInstanceOf(RefusedTargetException.class)
                .hasMessage("host 'rebind.example.com' resolves to loopback address 127.0.0.1");
    }

    @Test
    void shouldRefuseWhenANameResolvesToAMappedOrPrivateIpv6Address() {
        CallbackTargets targets = targets(List.of(), Map.of("a.example.com", List.of("::ffff:169.254.169.254"),
                "b.example.com", List.of("fd00::5")));

        assertThatThrownBy(() -> targets.addressesOf(URI.create("https://a.example.com/x")))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> targets.addressesOf(URI.create("https://b.example.com/x")))
                .hasMessageContaining("private");
    }

    @Test
    void shouldAcceptNonPublicAddressesWhenTheHostIsAllowlisted() throws Exception {
        CallbackTargets targets = targets(List.of("internal.example.com"),
                Map.of("internal.example.com", List.of("10.1.2.3")));

        assertThat(targets.addressesOf(URI.create("http://internal.example.com:8080/x")))
                .extracting(InetAddress::getHostAddress).containsExactly("10.1.2.3");
    }

    @Test
    void shouldRefuseWithoutLookingUpWhenTheHostIsNotAllowlisted() {
        CallbackTargets targets = targets(List.of("internal.example.com"), Map.of("other.example.com",
                List.of("8.8.8.8")));

        assertThatThrownBy(() -> targets.addressesOf(URI.create("https://other.example.com/x")))
                .isInstanceOf(RefusedTargetException.class).hasMessageContaining("APP_CALLBACK_HOST_ALLOWLIST");
        assertThat(lookups).isEmpty();
    }

    @Test
    void shouldRefuseAnAddressLiteralOrNumericHostWhenNotPublic() {
        CallbackTargets targets = new CallbackTargets(new CallbackSettings("", List.of(), 5, Duration.ofSeconds(1)),
                CallbackTargets.HostResolver.SYSTEM);

        for (String url : List.of("http://127.0.0.1/x", "http://[::1]/x", "http://2130706433/x",
                "http://[::ffff:7f00:1]/x", "http://0.0.0.0/x")) {
            assertThatThrownBy(() -> targets.addressesOf(URI.create(url))).as(url)
                    .isInstanceOf(RefusedTargetException.class);
        }
    }

    @Test
    void shouldReportAnUnknownHostAsSuchWhenItDoesNotResolve() {
        CallbackTargets targets = targets(List.of(), Map.of());

        assertThatThrownBy(() -> targets.addressesOf(URI.create("https://nowhere.example.com/x")))
                .isInstanceOf(UnknownHostException.class);
    }
}
