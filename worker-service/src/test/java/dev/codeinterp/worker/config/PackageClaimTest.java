package dev.codeinterp.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which claim executor pods mount the package store from, and the worker's refusal to start without one. */
class PackageClaimTest {

    private static PackageProperties packages(String indexUrl) {
        return new PackageProperties(indexUrl, "", "", "/var/cache/code-interpreter/packages", "10Gi",
                Duration.ofSeconds(300), 2);
    }

    private static KubernetesExecutorProperties kubernetes(String claim) {
        return new KubernetesExecutorProperties("executor:1", "IfNotPresent", "executor-", "", "{}", "{}", 8900,
                Duration.ofSeconds(300), "worker-1", "", claim);
    }

    @Test
    void shouldMountTheClaimOnlyWhilePackagesAreInstalled() {
        assertThat(WorkerConfiguration.packageClaim(packages("https://pypi.org/simple"), kubernetes(" cache ")))
                .isEqualTo("cache");
        assertThat(WorkerConfiguration.packageClaim(packages(""), kubernetes("cache"))).isEmpty();
    }

    @Test
    void shouldRefuseToInstallPackagesForExecutorPodsWithoutAClaim() {
        assertThatThrownBy(() -> WorkerConfiguration.packageClaim(packages("https://pypi.org/simple"), kubernetes("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs APP_EXECUTOR_PACKAGE_CLAIM");
    }

    @Test
    void shouldRefuseAPackageStoreLimitThatIsNotASize() {
        assertThat(packages("x").cacheMaxBytes()).isEqualTo(10L << 30);
        assertThatThrownBy(() -> new PackageProperties("x", "", "", "", "0", Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("APP_PACKAGE_CACHE_MAX_SIZE");
        assertThatThrownBy(() -> new PackageProperties("x", "", "", "", "lots", Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("APP_PACKAGE_CACHE_MAX_SIZE");
    }
}
