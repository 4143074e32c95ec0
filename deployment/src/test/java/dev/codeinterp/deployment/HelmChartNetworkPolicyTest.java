package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelmChartNetworkPolicyTest {

    private static final Map<String, String> WORKER_PODS = Map.of(
            "app.kubernetes.io/name", "code-interpreter",
            "app.kubernetes.io/instance", HelmChart.RELEASE,
            "app.kubernetes.io/component", "worker");

    @Test
    void shouldLetOnlyThisReleasesWorkersReachExecutorPodsOnTheAgentPortWhenRendered() {
        NetworkPolicy policy = Rendered.defaults().get(NetworkPolicy.class, "executor");

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("app.kubernetes.io/name", "code-interpreter-executor"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies((NetworkPolicyIngressRule rule) -> {
            assertThat(rule.getFrom()).singleElement().satisfies((NetworkPolicyPeer peer) -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(WORKER_PODS);
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getIntVal()).isEqualTo(8900);
            });
        });
        assertThat(policy.getSpec().getEgress()).isEmpty();
    }

    @Test
    void shouldOpenTheAgentPortTheWorkerIsToldWhenTheAgentPortChanges() {
        Rendered rendered = Rendered.defaults(Map.of("executor.agentPort", "9100"));

        assertThat(rendered.get(NetworkPolicy.class, "executor").getSpec().getIngress().get(0).getPorts().get(0)
                .getPort().getIntVal()).isEqualTo(9100);
        assertThat(rendered.env("worker").get("APP_EXECUTOR_AGENT_PORT").getValue()).isEqualTo("9100");
    }

    @Test
    void shouldLetOnlyTheIngressControllerReachTheApiWhenValuesAreTheDefaults() {
        NetworkPolicy policy = Rendered.defaults().get(NetworkPolicy.class, "api");

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "api")
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(2).first().satisfies((NetworkPolicyIngressRule rule) -> {
            assertThat(rule.getFrom()).singleElement().satisfies((NetworkPolicyPeer peer) -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "ingress-nginx"));
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsExactly(Map.entry("app.kubernetes.io/name", "ingress-nginx"));
            });
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(50081));
        });
    }

    @Test
    void shouldAdmitOnlyTheHelmTestPodToTheApiWhenNoPeerIsConfigured() {
        NetworkPolicy policy = Rendered.defaults(Map.of("networkPolicy.api.ingressFrom", "null"))
                .get(NetworkPolicy.class, "api");

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies((NetworkPolicyIngressRule rule) -> {
            assertThat(rule.getFrom()).singleElement().satisfies((NetworkPolicyPeer peer) -> assertThat(
                    peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "health-check")
                    .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(50081));
        });
    }

    @Test
    void shouldAdmitTheConfiguredScraperToTheApisManagementPortOnly() {
        NetworkPolicy policy = Rendered.defaults(Map.of(
                "networkPolicy.api.managementFrom[0].namespaceSelector.matchLabels.name", "monitoring"))
                .get(NetworkPolicy.class, "api");

        assertThat(policy.getSpec().getIngress()).hasSize(3).anySatisfy((NetworkPolicyIngressRule rule) -> {
            assertThat(rule.getFrom()).singleElement().satisfies((NetworkPolicyPeer peer) -> assertThat(
                    peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("name", "monitoring")));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(50082));
        });
    }

    @Test
    void shouldAdmitNobodyToTheApiWhenNoPeerIsConfiguredAndTheHealthCheckIsOff() {
        NetworkPolicy policy = Rendered.defaults(Map.of("networkPolicy.api.ingressFrom", "null",
                "healthCheck.enabled", "false")).get(NetworkPolicy.class, "api");

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker", "janitor"})
    void shouldAdmitNobodyToTheManagementPortOfWorkersAndJanitorWhenValuesAreTheDefaults(String component) {
        NetworkPolicy policy = Rendered.defaults().get(NetworkPolicy.class, component);

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", component)
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker", "janitor"})
    void shouldAdmitTheConfiguredScraperToTheManagementPortOfWorkersAndJanitor(String component) {
        NetworkPolicy policy = Rendered.defaults(Map.of(
                "networkPolicy." + component + ".managementFrom[0].namespaceSelector.matchLabels.name", "monitoring",
                component + ".managementPort", "9090"))
                .get(NetworkPolicy.class, component);

        assertThat(policy.getSpec().getIngress()).singleElement().satisfies((NetworkPolicyIngressRule rule) -> {
            assertThat(rule.getFrom()).singleElement().satisfies((NetworkPolicyPeer peer) -> assertThat(
                    peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("name", "monitoring")));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9090));
        });
    }

    @Test
    void shouldRenderNoEgressPolicyForServicesWhenEgressIsOffByDefault() {
        Rendered rendered = Rendered.defaults();

        assertThat(rendered.has(NetworkPolicy.class, "worker-egress")).isFalse();
        assertThat(rendered.has(NetworkPolicy.class, "janitor-egress")).isFalse();
    }

    @Test
    void shouldLetTheWorkerReachDnsTheConfiguredPeersAndExecutorsWhenEgressIsOn() {
        Rendered rendered = Rendered.production();
        NetworkPolicy worker = rendered.get(NetworkPolicy.class, "worker-egress");
        NetworkPolicy janitor = rendered.get(NetworkPolicy.class, "janitor-egress");

        assertThat(worker.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(worker.getSpec().getPodSelector().getMatchLabels()).containsAllEntriesOf(WORKER_PODS);
        assertThat(worker.getSpec().getEgress()).anySatisfy(rule -> assertThat(rule.getTo())
                .anySatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", "code-interpreter-executor")));
        assertThat(worker.getSpec().getEgress()).anySatisfy(rule -> assertThat(rule.getPorts())
                .anySatisfy(port -> assertThat(port.getPort().getIntVal()).isEqualTo(53)));
        assertThat(worker.getSpec().getEgress()).hasSize(2 + 3);
        assertThat(janitor.getSpec().getEgress()).hasSize(1 + 3);
    }
}
