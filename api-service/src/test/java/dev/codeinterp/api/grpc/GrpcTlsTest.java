package dev.codeinterp.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcTlsTest {

    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----";

    @Test
    void shouldBePlaintextWhenNothingIsSet() {
        GrpcTls tls = new GrpcTls("", "", "");

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.mutual()).isFalse();
        assertThat(tls.mode()).isEqualTo("plaintext");
    }

    @Test
    void shouldBeMutualWhenTheCaIsSetToo() {
        GrpcTls tls = new GrpcTls(CERT, KEY, CERT);

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.mutual()).isTrue();
        assertThat(tls.mode()).isEqualTo("mutual TLS");
    }

    @Test
    void shouldNeverPrintTheKeyWhenPrinted() {
        assertThat(new GrpcTls(CERT, KEY, "")).hasToString("GrpcTls[TLS]");
    }

    @Test
    void shouldReadTheFileWhenASettingIsAPath(@TempDir Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("server.pem"), CERT + "\n");

        assertThat(new GrpcTls(cert.toString(), KEY, "").certificateChain()).isEqualTo(CERT);
    }

    @Test
    void shouldRefuseAKeyWithoutACertificate() {
        assertThatThrownBy(() -> new GrpcTls("", KEY, ""))
                .hasMessage("APP_GRPC_TLS_CERT_KEY is set but APP_GRPC_TLS_CERT is not: TLS needs both the "
                        + "certificate and its key");
    }

    @Test
    void shouldRefuseACaWithoutTheServersCertificate() {
        assertThatThrownBy(() -> new GrpcTls("", "", CERT))
                .hasMessageStartingWith("APP_GRPC_TLS_CA_CERT is set but APP_GRPC_TLS_CERT and APP_GRPC_TLS_CERT_KEY");
    }

    @Test
    void shouldRefuseTextThatIsNeitherPemNorAFileWithoutEchoingIt() {
        assertThatThrownBy(() -> new GrpcTls(CERT, "hunter2", ""))
                .hasMessage("APP_GRPC_TLS_CERT_KEY must be PEM text (-----BEGIN …) or the path of a PEM file")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseAListenAddressWithoutAPort() {
        assertThatThrownBy(() -> new GrpcSettings(false, "localhost", GrpcTls.none(), 1))
                .hasMessage("APP_GRPC_LISTEN_ADDR must be host:port, got localhost");
    }
}
