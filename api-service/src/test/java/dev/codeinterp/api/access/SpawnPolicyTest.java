package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpawnPolicyTest {

    private final SpawnPolicy policy = new SpawnPolicy(false, AddressRanges.parse("127.0.0.0/8,::1", "TEST"),
            List.of("api.internal", "Svc.Cluster.Local:8080"));

    @ParameterizedTest
    @ValueSource(strings = {"/v1/execute", "/v1/upload", "/v1/parse-custom-tool", "/v1/execute-custom-tool",
            "/v1/jobs", "/v1/jobs/batch", "/v1/execute/stream", "/v1/%64ownload", "/v1/download/", "/anything"})
    void shouldRestrictEveryPathButDownloadAndExpire(String path) {
        assertThat(policy.restricts(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/download", "/v1/expire"})
    void shouldNotRestrictDownloadAndExpire(String path) {
        assertThat(policy.restricts(path)).isFalse();
    }

    @Test
    void shouldRestrictNothingWhenPublicSpawnIsEnabled() {
        SpawnPolicy open = new SpawnPolicy(true, AddressRanges.parse("", "TEST"), List.of());

        assertThat(open.restricts("/v1/execute")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    void shouldAdmitAllowlistedClients(String client) {
        assertThat(policy.isInternal(address(client), null)).isTrue();
    }

    @Test
    void shouldRefuseAnOutsideClientWithAnOutsideHost() {
        assertThat(policy.isInternal(address("203.0.113.9"), "api.example.com")).isFalse();
        assertThat(policy.isInternal(Optional.empty(), null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"api.internal", "API.INTERNAL:50081", "api.internal.", "svc.cluster.local", "svc.cluster.local:9"})
    void shouldAdmitAnAllowlistedHostWhateverItsPortAndCase(String host) {
        assertThat(policy.isInternal(address("203.0.113.9"), host)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"api.internal.example.com", "internal", "api.internal@evil"})
    void shouldNotAdmitHostsThatOnlyResembleAnAllowlistedOne(String host) {
        assertThat(policy.isInternal(Optional.empty(), host)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"[::1]:8080, ::1", "[::1], ::1", "Host.Example:80, host.example", "10.0.0.1:80, 10.0.0.1"})
    void shouldDropThePortOfTheHostHeader(String header, String host) {
        assertThat(SpawnPolicy.hostWithoutPort(header)).isEqualTo(host);
    }

    private static Optional<InetAddress> address(String text) {
        return CidrBlock.parseAddress(text);
    }
}
