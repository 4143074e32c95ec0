package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gRPC API in the chart: off by default; when on, its port on the api and its TLS material from a Secret. */
class HelmChartGrpcTest {

    @Test
    void shouldServeNoGrpcWhenValuesAreTheDefaults() {
        Rendered rendered = Rendered.defaults();

        assertThat(rendered.env("api")).doesNotContainKeys("APP_GRPC_ENABLED", "APP_GRPC_TLS_CERT");
        assertThat(rendered.get(Service.class, "api").getSpec().getPorts()).extracting(ServicePort::getName)
                .containsExactly("http");
    }

    @Test
    void shouldOpenTheGrpcPortAndReadMutualTlsFromTheSecretWhenEnabled() {
        Rendered rendered = Rendered.defaults(Map.of("grpc.enabled", "true", "grpc.port", "6565",
                "grpc.tls.existingSecret", "ci-grpc-tls", "grpc.tls.caKey", "ca.crt"));

        Map<String, EnvVar> env = rendered.env("api");
        assertThat(env.get("APP_GRPC_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("APP_GRPC_LISTEN_ADDR").getValue()).isEqualTo("0.0.0.0:6565");
        assertThat(env.get("APP_GRPC_TLS_CERT").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("tls.crt");
        assertThat(env.get("APP_GRPC_TLS_CERT_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("tls.key");
        assertThat(env.get("APP_GRPC_TLS_CA_CERT").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("ca.crt");
        assertThat(env.get("APP_GRPC_TLS_CERT_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("ci-grpc-tls");
        assertThat(rendered.container("api").getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(tuple("grpc", 6565));
        assertThat(rendered.get(Service.class, "api").getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .contains(tuple("grpc", 6565));
        assertThat(rendered.get(NetworkPolicy.class, "api").getSpec().getIngress().get(0).getPorts())
                .extracting(port -> port.getPort().getIntVal()).contains(6565);
        assertThat(rendered.env("worker")).doesNotContainKey("APP_GRPC_ENABLED");
    }

    @Test
    void shouldBePlaintextWithoutACaWhenNoSecretIsNamed() {
        Map<String, EnvVar> env = Rendered.defaults(Map.of("grpc.enabled", "true")).env("api");

        assertThat(env.get("APP_GRPC_LISTEN_ADDR").getValue()).isEqualTo("0.0.0.0:50051");
        assertThat(env).doesNotContainKeys("APP_GRPC_TLS_CERT", "APP_GRPC_TLS_CERT_KEY", "APP_GRPC_TLS_CA_CERT");
    }

    @Test
    void shouldRefuseTheTlsKeyWhenItIsInAConfigMap() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("config.api.APP_GRPC_TLS_CERT_KEY", "inline")))
                .hasMessageContaining("APP_GRPC_TLS_CERT_KEY is set by the chart");
    }
}
