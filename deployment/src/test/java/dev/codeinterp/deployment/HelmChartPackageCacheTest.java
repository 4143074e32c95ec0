package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Package installation in a cluster: the package store's ReadWriteMany claim, mounted by the workers. */
class HelmChartPackageCacheTest {

    private static final String CLAIM = HelmChart.RELEASE + "-code-interpreter-package-cache";
    private static final String STORE = "/var/cache/code-interpreter/packages";
    private static final Map<String, String> INDEX = Map.of("config.worker.APP_PIP_INDEX_URL", "https://pypi.org/simple");

    @Test
    void shouldRenderNoClaimVolumeOrSettingWhenPackageInstallationIsOffByDefault() {
        Rendered rendered = Rendered.defaults();

        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        for (String component : List.of("api", "worker", "janitor")) {
            assertNoPackageCache(rendered, component);
        }
        assertThat(pod(rendered, "worker").getSecurityContext().getFsGroupChangePolicy()).isNull();
    }

    @Test
    void shouldCreateAReadWriteManyClaimOfTheDefaultClassWhenAnIndexIsSet() {
        PersistentVolumeClaim claim = Rendered.defaults(INDEX).get(PersistentVolumeClaim.class, "package-cache");

        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(claim.getSpec().getResources().getRequests()).containsExactly(Map.entry("storage", new Quantity("20Gi")));
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        assertThat(claim.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/component", "package-cache");
    }

    @Test
    void shouldCreateTheClaimWithTheClassAndSizeGivenWhenTheyAreSet() {
        PersistentVolumeClaim claim = Rendered.defaults(with(INDEX, Map.of("packageCache.storageClassName", "nfs-client",
                "packageCache.size", "50Gi"))).get(PersistentVolumeClaim.class, "package-cache");

        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("nfs-client");
        assertThat(claim.getSpec().getResources().getRequests()).containsExactly(Map.entry("storage", new Quantity("50Gi")));
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.worker.APP_PIP_INDEX_URL", "config.worker.APP_PIP_EXTRA_INDEX_URL",
            "config.worker.APP_PIP_FIND_LINKS", "config.shared.APP_PIP_INDEX_URL"})
    void shouldMountTheClaimReadWriteWhereTheWorkerKeepsItsStoreWhenAnyPipSourceIsSet(String setting) {
        Rendered rendered = Rendered.defaults(Map.of(setting, "https://mirror.example.com/simple"));
        Map<String, EnvVar> env = rendered.env("worker");

        assertThat(rendered.has(PersistentVolumeClaim.class, "package-cache")).isTrue();
        assertThat(env.get("APP_EXECUTOR_PACKAGE_CLAIM").getValue()).isEqualTo(CLAIM);
        assertThat(env.get("APP_PACKAGE_CACHE_DIR").getValue()).isEqualTo(STORE);
        assertThat(pod(rendered, "worker").getVolumes()).filteredOn(volume -> volume.getName().equals("package-cache"))
                .singleElement().satisfies((Volume volume) -> {
                    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(CLAIM);
                    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isNotEqualTo(Boolean.TRUE);
                });
        assertThat(rendered.container("worker").getVolumeMounts())
                .filteredOn(mount -> mount.getName().equals("package-cache"))
                .singleElement().satisfies((VolumeMount mount) -> {
                    assertThat(mount.getMountPath()).isEqualTo(env.get("APP_PACKAGE_CACHE_DIR").getValue());
                    assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
                    assertThat(mount.getSubPath()).isNull();
                });
        assertThat(rendered.container("worker").getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void shouldUseTheExistingClaimAndCreateNoneWhenOneIsGiven() {
        Rendered rendered = Rendered.defaults(with(INDEX, Map.of("packageCache.existingClaim", "shared-wheels")));

        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(rendered.env("worker").get("APP_EXECUTOR_PACKAGE_CLAIM").getValue()).isEqualTo("shared-wheels");
        assertThat(pod(rendered, "worker").getVolumes()).filteredOn(volume -> volume.getName().equals("package-cache"))
                .singleElement().satisfies(volume ->
                        assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("shared-wheels"));
    }

    @Test
    void shouldGiveTheApiAndJanitorNothingOfThePackageStoreWhenPackageInstallationIsOn() {
        Rendered rendered = Rendered.defaults(with(INDEX, Map.of("config.shared.APP_PIP_FIND_LINKS", "/wheels")));

        assertThat(rendered.has(PersistentVolumeClaim.class, "package-cache")).isTrue();
        assertNoPackageCache(rendered, "api");
        assertNoPackageCache(rendered, "janitor");
    }

    @Test
    void shouldChangeTheStoresGroupOnlyOnARootMismatchWhenTheWorkerMountsIt() {
        Rendered rendered = Rendered.defaults(INDEX);

        assertThat(pod(rendered, "worker").getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
        assertThat(pod(rendered, "worker").getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod(rendered, "api").getSecurityContext().getFsGroupChangePolicy()).isNull();
        assertThat(pod(Rendered.defaults(with(INDEX, Map.of("podSecurityContext.fsGroupChangePolicy", "Always"))),
                "worker").getSecurityContext().getFsGroupChangePolicy()).isEqualTo("Always");
    }

    @Test
    void shouldRefuseTheStoreDirectoryOrClaimWhenSetThroughConfig() {
        assertThatThrownBy(() -> HelmChart.renderDefaults(with(INDEX, Map.of("config.worker.APP_PACKAGE_CACHE_DIR", "/x"))))
                .hasMessageContaining("APP_PACKAGE_CACHE_DIR is set by the chart");
        assertThatThrownBy(() -> HelmChart.renderDefaults(Map.of("config.worker.APP_EXECUTOR_PACKAGE_CLAIM", "x")))
                .hasMessageContaining("APP_EXECUTOR_PACKAGE_CLAIM is set by the chart");
    }

    @Test
    void shouldLeaveExecutorPodsWithoutEgressWhenPackageInstallationIsOn() {
        NetworkPolicy policy = new Rendered(HelmChart.render(List.of(HelmChart.PRODUCTION_VALUES), INDEX))
                .get(NetworkPolicy.class, "executor");

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("app.kubernetes.io/name", "code-interpreter-executor"));
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress");
        assertThat(policy.getSpec().getEgress()).isEmpty();
    }

    private static void assertNoPackageCache(Rendered rendered, String component) {
        assertThat(rendered.env(component)).as(component)
                .doesNotContainKeys("APP_EXECUTOR_PACKAGE_CLAIM", "APP_PACKAGE_CACHE_DIR");
        assertThat(pod(rendered, component).getVolumes()).as(component)
                .noneMatch(volume -> volume.getPersistentVolumeClaim() != null)
                .noneMatch(volume -> volume.getName().equals("package-cache"));
        assertThat(rendered.container(component).getVolumeMounts()).as(component)
                .noneMatch(mount -> mount.getName().equals("package-cache"))
                .noneMatch(mount -> mount.getMountPath().equals(STORE));
    }

    private static PodSpec pod(Rendered rendered, String component) {
        return rendered.deployment(component).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> sets = new LinkedHashMap<>(base);
        sets.putAll(more);
        return sets;
    }
}
