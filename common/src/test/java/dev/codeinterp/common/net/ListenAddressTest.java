package dev.codeinterp.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @Test
    void shouldReadHostAndPortWhenIPv4OrIPv6() throws Exception {
        assertThat(ListenAddress.parse("0.0.0.0:50082", "X"))
                .isEqualTo(new ListenAddress(InetAddress.getByName("0.0.0.0"), 50082));
        assertThat(ListenAddress.parse("[::1]:0", "X")).isEqualTo(new ListenAddress(InetAddress.getByName("::1"), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50082", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:-1"})
    void shouldRefuseNamingTheSettingWhenNotHostColonPort(String value) {
        assertThatThrownBy(() -> ListenAddress.parse(value, "APP_MANAGEMENT_LISTEN_ADDR"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("APP_MANAGEMENT_LISTEN_ADDR");
    }
}
