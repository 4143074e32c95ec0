package dev.codeinterp.worker.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.common.sandbox.ExecutorPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExecutorPodTemplateTest {

    static ExecutorPodSettings settings(String resources, String extra) {
        return new ExecutorPodSettings("sandboxes", "executor-", "registry.example/executor:1.0", "IfNotPresent", 8900,
                resources, extra, 64L << 20, 16L << 20, new ExecutorPodSettings.WorkerPod("worker-7", "uid-7"), 2,
                Duration.ofMinutes(5), List.of("numpy", "pandas"));
    }

    private static Pod pod(String extra) {
        return new ExecutorPodTemplate(settings("{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}", extra))
                .podFor("executor-abc", "secret-token");
    }

    @Test
    void shouldTellTheAgentWhichModulesToPreloadWhenMade() {
        assertThat(pod("{}").getSpec().getContainers().get(0).getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("AGENT_PRELOAD");
                    assertThat(env.getValue()).isEqualTo("numpy,pandas");
                });
    }

    @Test
    void shouldMountTheStoreOfThePackageClaimReadOnlyWhenThereIsOne() {
        ExecutorPodSettings base = settings("{}", "{\"nodeSelector\":{\"pool\":\"sandboxes\"}}");
        ExecutorPodSettings withClaim = new ExecutorPodSettings(base.namespace(), base.namePrefix(), base.image(),
                base.imagePullPolicy(), base.agentPort(), base.containerResources(), base.podSpecExtra(),
                base.workspaceBytes(), base.tmpBytes(), base.worker(), base.targetReady(), base.readyTimeout(),
                base.preload(), "code-interpreter-package-cache");

        Pod pod = new ExecutorPodTemplate(withClaim).podFor("executor-abc", "secret-token");

        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> "packages".equals(volume.getName()))
                .singleElement().satisfies(volume -> {
                    assertThat(volume.getPersistentVolumeClaim().getClaimName())
                            .isEqualTo("code-interpreter-package-cache");
                    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .filteredOn(mount -> "packages".equals(mount.getName())).singleElement().satisfies(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/opt/code-interpreter/packages");
                    assertThat(mount.getSubPath()).isEqualTo("store");
                    assertThat(mount.getReadOnly()).isTrue();
                });
        assertThat(new ExecutorPodTemplate(base).podFor("executor-abc", "secret-token").getSpec().getVolumes())
                .extracting(io.fabric8.kubernetes.api.model.Volume::getName).containsExactly("workspace", "tmp");
    }

    @Test
    void shouldHardenPodAndItsContainerWhenMadeFromDefaults() {
        Pod pod = pod("{}");

        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container agent = pod.getSpec().getContainers().get(0);
        assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(agent.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(agent.getSecurityContext().getPrivileged()).isFalse();
        assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void shouldRunAgentWithTokenOnPortWithSizeLimitedMemoryVolumesWhenMade() {
        Pod pod = pod("{}");

        Container agent = pod.getSpec().getContainers().get(0);
        assertThat(agent.getImage()).isEqualTo("registry.example/executor:1.0");
        assertThat(agent.getArgs()).containsExactly("--listen", "0.0.0.0:8900");
        assertThat(agent.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo(ExecutorPods.AGENT_TOKEN_ENV);
            assertThat(env.getValue()).isEqualTo("secret-token");
        });
        assertThat(agent.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8900);
        assertThat(agent.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(pod.getSpec().getVolumes()).extracting(volume -> volume.getName() + " "
                + volume.getEmptyDir().getMedium() + " " + volume.getEmptyDir().getSizeLimit())
                .containsExactly("workspace Memory " + (64L << 20), "tmp Memory " + (16L << 20));
    }

    @Test
    void shouldLabelPodWarmForItsWorkerAndOwnItByTheWorkerPodWhenMade() {
        Pod pod = pod("{}");

        assertThat(pod.getMetadata().getNamespace()).isEqualTo("sandboxes");
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                ExecutorPods.NAME_LABEL, ExecutorPods.NAME, ExecutorPods.WORKER_LABEL, "worker-7",
                ExecutorPods.STATE_LABEL, ExecutorPods.WARM, ExecutorPods.MANAGED_BY_LABEL, ExecutorPods.MANAGED_BY));
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getName()).isEqualTo("worker-7");
            assertThat(owner.getUid()).isEqualTo("uid-7");
        });
    }

    @Test
    void shouldMergeExtraSpecButKeepHardeningWhenExtraTriesToWeakenIt() {
        Pod pod = pod("""
                {"runtimeClassName": "gvisor", "nodeSelector": {"pool": "sandboxes"},
                 "automountServiceAccountToken": true, "hostNetwork": true,
                 "securityContext": {"runAsUser": 0, "runAsNonRoot": false, "supplementalGroups": [5000]}}""");

        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "sandboxes");
        assertThat(pod.getSpec().getSecurityContext().getSupplementalGroups()).containsExactly(5000L);
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getHostNetwork()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"limits\": {\"memory\": \"lots\"}}|{}|APP_EXECUTOR_CONTAINER_RESOURCES is invalid ('lots' of memory",
        "{\"limit\": {}}|{}|APP_EXECUTOR_CONTAINER_RESOURCES is invalid (unknown fields [limit]",
        "[1]|{}|APP_EXECUTOR_CONTAINER_RESOURCES is invalid (a JSON object is expected",
        "{}|{\"runtimeClass\": \"gvisor\"}|APP_EXECUTOR_POD_SPEC_EXTRA is invalid (unknown pod spec fields [runtimeClass]",
        "{}|{not json|APP_EXECUTOR_POD_SPEC_EXTRA is invalid (not JSON",
        "{}|{\"containers\": []}|APP_EXECUTOR_POD_SPEC_EXTRA is invalid ('containers' is set by the worker",
        "{}|{\"volumes\": []}|APP_EXECUTOR_POD_SPEC_EXTRA is invalid ('volumes' is set by the worker"})
    void shouldRefuseSettingWithClearMessageWhenJsonIsBad(String resources, String extra, String message) {
        assertThatThrownBy(() -> new ExecutorPodTemplate(settings(resources, extra)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void shouldGiveNoOwnerReferenceWhenWorkerRunsOutsideACluster() {
        ExecutorPodSettings outside = new ExecutorPodSettings("default", "executor-", "executor:1", "Never", 8900,
                "{}", "{}", 1024, 1024, new ExecutorPodSettings.WorkerPod("laptop", null), 1, Duration.ofMinutes(1), List.of("numpy", "pandas"));

        Pod pod = new ExecutorPodTemplate(outside).podFor("executor-1", "t");

        assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(pod.getMetadata().getLabels()).containsEntry(ExecutorPods.WORKER_LABEL, "laptop");
    }
}
