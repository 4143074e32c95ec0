package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package store on a real directory; the installer writes what pip would (see PipInstallerTest for pip). */
class PackageStoreTest {

    /** The sandboxes' Python of these tests. */
    static final SandboxPython PY = new SandboxPython("3.11", "cp311", "x86_64", "2.36",
            java.util.Set.of("os", "sys", "json", "numpy"));

    @TempDir
    Path root;

    /** Lays out a distribution as {@code pip install --target} does, and counts its installs. */
    static final class FakePip implements PackageInstaller {
        final AtomicInteger installs = new AtomicInteger();
        final String version;

        FakePip(String version) {
            this.version = version;
        }

        @Override
        public void install(String distribution, SandboxPython python, Path target) throws PackageInstallException {
            installs.incrementAndGet();
            try {
                String stem = distribution.replace('-', '_');
                Files.createDirectories(target.resolve(stem));
                Files.writeString(target.resolve(stem + "/__init__.py"), "VERSION = '" + version + "'\n");
                Path distInfo = Files.createDirectories(target.resolve(stem + "-" + version + ".dist-info"));
                Files.writeString(distInfo.resolve("METADATA"), "Metadata-Version: 2.1\nName: " + distribution
                        + "\nVersion: " + version + "\n\nName: not-this-one\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void shouldInstallOnceUnderTheKeyOfItsNameAndVersionAndFindItAfter() throws Exception {
        // given
        PackageStore store = new PackageStore(root);
        FakePip pip = new FakePip("1.0");

        // when
        InstalledPackage first = store.install(PY, "Demo_Pkg", pip);
        InstalledPackage again = store.install(PY, "demo-pkg", pip);

        // then
        assertThat(first).isEqualTo(new InstalledPackage("Demo_Pkg", "1.0", PackageStore.keyOf(PY.flavour(), "demo-pkg", "1.0")));
        assertThat(first.key()).matches("[0-9a-f]{64}");
        assertThat(again).isEqualTo(first);
        assertThat(pip.installs).hasValue(1);
        assertThat(PackageStore.storeOf(root).resolve(first.key()).resolve("Demo_Pkg/__init__.py")).exists();
        assertThat(new PackageStore(root).find(PY, "DEMO.PKG")).contains(first); // another worker of the host
        assertThat(store.find(PY, "other")).isEmpty();
    }

    @Test
    void shouldInstallANameOnceWhenManyJobsAskAtOnce() throws Exception {
        // given: two stores over one root, as two workers of a host
        List<PackageStore> workers = List.of(new PackageStore(root), new PackageStore(root));
        CountDownLatch go = new CountDownLatch(1);
        FakePip pip = new FakePip("2.0");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<InstalledPackage>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PackageStore store = workers.get(i % 2);
                results.add(threads.submit(() -> {
                    go.await();
                    return store.install(PY, "shared", pip);
                }));
            }

            // when
            go.countDown();

            // then
            for (Future<InstalledPackage> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).version()).isEqualTo("2.0");
            }
            assertThat(pip.installs).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldInstallANameAgainForAnotherPythonAndNeverHandOneThePackagesOfTheOther() throws Exception {
        // given: a store shared by executor images of two Python versions
        PackageStore store = new PackageStore(root);
        SandboxPython newer = new SandboxPython("3.12", "cp312", "x86_64", "2.39", java.util.Set.of());
        FakePip pip = new FakePip("1.0");
        InstalledPackage forOlder = store.install(PY, "shared", pip);

        // when
        assertThat(store.find(newer, "shared")).isEmpty();
        InstalledPackage forNewer = store.install(newer, "shared", pip);

        // then
        assertThat(forNewer.key()).isNotEqualTo(forOlder.key());
        assertThat(pip.installs).hasValue(2);
        assertThat(store.find(PY, "shared")).contains(forOlder);
        assertThat(store.find(newer, "shared")).contains(forNewer);
    }

    @Test
    void shouldRefuseAnInstallThatWouldTakeTheStorePastItsLimitAndAnyOnceItIsFull() throws Exception {
        // given: room for one of these packages (about 80 bytes each), not two
        PackageStore store = new PackageStore(root, 120);
        FakePip pip = new FakePip("1.0");
        store.install(PY, "first", pip);

        // when / then: the second is installed, found too big, and kept nowhere
        assertThatThrownBy(() -> store.install(PY, "second", pip)).isInstanceOf(PackageInstallException.class)
                .hasMessageMatching("it takes 0\\.0 MiB, and the package store is full \\(0\\.0 MiB of 0\\.0 MiB\\)");
        assertThat(store.find(PY, "second")).isEmpty();
        try (Stream<Path> stored = Files.list(PackageStore.storeOf(root));
                Stream<Path> staging = Files.list(root.resolve("staging"))) {
            assertThat(stored).hasSize(1);
            assertThat(staging).isEmpty();
        }
        assertThat(pip.installs).hasValue(2);

        // and once full, pip is not even run
        PackageStore full = new PackageStore(root, 10);
        assertThatThrownBy(() -> full.install(PY, "third", pip)).isInstanceOf(PackageInstallException.class)
                .hasMessageStartingWith("the package store is full");
        assertThat(pip.installs).hasValue(2);
        assertThat(full.find(PY, "first")).isPresent();
    }

    @Test
    void shouldCountTheStoresBytesInALedgerSharedByItsWorkersAndMeasureAStoreWithoutOneOnce() throws Exception {
        // given: two workers sharing a store
        PackageStore one = new PackageStore(root, 1 << 20);
        PackageStore other = new PackageStore(root, 1 << 20);
        FakePip pip = new FakePip("1.0");

        // when
        one.install(PY, "alpha", pip);
        other.install(PY, "beta", pip);

        // then: the ledger is what the store holds
        Path ledger = root.resolve("store-bytes");
        assertThat(Long.parseLong(Files.readString(ledger))).isEqualTo(bytesIn(PackageStore.storeOf(root)))
                .isPositive();

        // and a lost ledger is measured again
        Files.delete(ledger);
        one.install(PY, "gamma", pip);
        assertThat(Long.parseLong(Files.readString(ledger))).isEqualTo(bytesIn(PackageStore.storeOf(root)));

        // and it is the ledger, not a walk of the store, that an install checks
        Files.writeString(ledger, Long.toString(1 << 20));
        assertThatThrownBy(() -> one.install(PY, "delta", pip)).isInstanceOf(PackageInstallException.class)
                .hasMessageStartingWith("the package store is full (1.0 MiB of 1.0 MiB)");
    }

    private static long bytesIn(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    @Test
    void shouldKeepTheStoredCopyWhenAnInstallFindsItsKeyStoredAlready() throws Exception {
        // given: a package stored, whose index entry was lost
        PackageStore store = new PackageStore(root);
        FakePip pip = new FakePip("1.0");
        InstalledPackage first = store.install(PY, "again", pip);
        Path stored = PackageStore.storeOf(root).resolve(first.key()).resolve("again/__init__.py");
        Files.writeString(stored, "FIRST = True\n");
        Files.delete(root.resolve("index").resolve(PY.flavour()).resolve("again"));

        // when
        InstalledPackage second = store.install(PY, "again", pip);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(pip.installs).hasValue(2);
        assertThat(Files.readString(stored)).isEqualTo("FIRST = True\n");
        assertThat(store.find(PY, "again")).contains(first);
        assertThat(entries(root.resolve("staging"))).isEmpty();
    }

    @Test
    void shouldKeepNothingOfAFailedInstall() throws Exception {
        // given: an install that writes half a package, then fails
        PackageStore store = new PackageStore(root);
        PackageInstaller failing = (distribution, python, target) -> {
            try {
                Files.writeString(target.resolve("half.py"), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new PackageInstallException("No matching distribution found for broken");
        };

        // when / then
        assertThatThrownBy(() -> store.install(PY, "broken", failing)).isInstanceOf(PackageInstallException.class)
                .hasMessage("No matching distribution found for broken");
        assertThat(store.find(PY, "broken")).isEmpty();
        assertThat(entries(PackageStore.storeOf(root))).isEmpty();
        assertThat(entries(root.resolve("staging"))).isEmpty();
    }

    @Test
    void shouldRefuseAnInstallThatGaveAnotherDistribution() throws Exception {
        PackageStore store = new PackageStore(root);
        FakePip other = new FakePip("1.0");

        assertThatThrownBy(() -> store.install(PY, "wanted", (distribution, python, target) -> other.install("other", python, target)))
                .isInstanceOf(PackageInstallException.class)
                .hasMessage("the install gave no distribution named wanted");
        assertThat(entries(PackageStore.storeOf(root))).isEmpty();
    }

    @Test
    void shouldLeaveEveryInstalledFileReadableByTheSandboxesUsers() throws Exception {
        PackageStore store = new PackageStore(root);
        InstalledPackage installed = store.install(PY, "private", (distribution, python, target) -> {
            new FakePip("1.0").install(distribution, python, target);
            try {
                Files.setPosixFilePermissions(target.resolve("private/__init__.py"),
                        PosixFilePermissions.fromString("rw-------"));
                Files.setPosixFilePermissions(target.resolve("private"), PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        Path tree = PackageStore.storeOf(root).resolve(installed.key());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("private"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("private/__init__.py"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PackageStore.storeOf(root))))
                .as("entered, not listed").isEqualTo("rwx--x--x");
    }

    @Test
    void shouldLetTheSandboxesEnterTheStoreAndLeaveAlonePermissionsThatAlreadyDo() throws Exception {
        // given: a claim's root, group-writable for the pod's fsGroup (only its owner could change its mode)
        Path claimRoot = Files.createDirectory(root.resolve("claim"));
        Files.setPosixFilePermissions(claimRoot, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path privateRoot = Files.createDirectory(root.resolve("private"));
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));

        // when
        new PackageStore(claimRoot);
        new PackageStore(privateRoot);

        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(claimRoot))).isEqualTo("rwxrwxr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateRoot))).isEqualTo("rwx---r-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PackageStore.storeOf(privateRoot))))
                .isEqualTo("rwx--x--x");
    }

    @Test
    void shouldRemoveStagingLeftByAWorkerThatStoppedMidInstallButNotARecentOne() throws Exception {
        // given
        new PackageStore(root);
        Path old = Files.createDirectories(root.resolve("staging/abandoned-1/pkg"));
        Files.setLastModifiedTime(root.resolve("staging/abandoned-1"), FileTime.from(Instant.now().minusSeconds(7200)));
        Path recent = Files.createDirectories(root.resolve("staging/in-progress-2"));

        // when
        new PackageStore(root);

        // then
        assertThat(old.getParent()).doesNotExist();
        assertThat(recent).exists();
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
