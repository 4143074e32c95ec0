package dev.codeinterp.worker.config;

import dev.codeinterp.common.config.ByteQuantity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of package installation: the worker installs what a program imports and its sandbox lacks, from the
 * operator's package index, before the program runs. Off unless an index or a wheel directory is set.
 *
 * @param pipIndexUrl        {@code APP_PIP_INDEX_URL}: the package index (e.g. {@code https://pypi.org/simple})
 * @param pipExtraIndexUrl   {@code APP_PIP_EXTRA_INDEX_URL}: a second index
 * @param pipFindLinks       {@code APP_PIP_FIND_LINKS}: a directory or page of wheels (alone: only those)
 * @param packageCacheDir    {@code APP_PACKAGE_CACHE_DIR}: where installed packages are kept, shared by the workers
 *                           of the host; empty = {@code code-interpreter-packages} in the temporary directory
 * @param packageCacheMaxSize {@code APP_PACKAGE_CACHE_MAX_SIZE}: how big the installed packages may grow (installs
 *                           past it are refused: programs choose what gets installed)
 * @param pipInstallTimeout  {@code APP_PIP_INSTALL_TIMEOUT}: how long one install may take (seconds)
 * @param pipConcurrentInstalls {@code APP_PIP_CONCURRENT_INSTALLS}: installs of different packages at once
 */
@ConfigurationProperties("app")
public record PackageProperties(
        @DefaultValue("") String pipIndexUrl,
        @DefaultValue("") String pipExtraIndexUrl,
        @DefaultValue("") String pipFindLinks,
        @DefaultValue("") String packageCacheDir,
        @DefaultValue("10Gi") String packageCacheMaxSize,
        @DefaultValue("300") @DurationUnit(ChronoUnit.SECONDS) Duration pipInstallTimeout,
        @DefaultValue("2") int pipConcurrentInstalls) {

    public PackageProperties {
        pipIndexUrl = pipIndexUrl == null ? "" : pipIndexUrl.strip();
        pipExtraIndexUrl = pipExtraIndexUrl == null ? "" : pipExtraIndexUrl.strip();
        pipFindLinks = pipFindLinks == null ? "" : pipFindLinks.strip();
        packageCacheDir = packageCacheDir == null ? "" : packageCacheDir.strip();
        if (ByteQuantity.parse(packageCacheMaxSize, "APP_PACKAGE_CACHE_MAX_SIZE") <= 0) {
            throw new IllegalArgumentException("APP_PACKAGE_CACHE_MAX_SIZE must be positive, got "
                    + packageCacheMaxSize);
        }
        if (pipInstallTimeout == null || pipInstallTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("APP_PIP_INSTALL_TIMEOUT must be at least 1 second");
        }
        if (pipConcurrentInstalls < 1) {
            throw new IllegalArgumentException("APP_PIP_CONCURRENT_INSTALLS must be positive, got "
                    + pipConcurrentInstalls);
        }
    }

    /** Whether the worker installs packages: an index or a wheel directory is set. */
    public boolean enabled() {
        return !pipIndexUrl.isEmpty() || !pipExtraIndexUrl.isEmpty() || !pipFindLinks.isEmpty();
    }

    /** How big the package store may grow, in bytes. */
    public long cacheMaxBytes() {
        return ByteQuantity.parse(packageCacheMaxSize, "APP_PACKAGE_CACHE_MAX_SIZE");
    }

    /** The root of the package store. */
    public Path cacheDir() {
        return packageCacheDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "code-interpreter-packages")
                : Path.of(packageCacheDir);
    }
}
