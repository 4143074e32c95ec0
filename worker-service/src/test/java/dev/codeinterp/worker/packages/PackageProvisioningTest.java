package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.worker.execution.JobPackages.Prepared;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which imports get installed, reuse, failures and budgets; the installer stands in for pip (see PipInstallerTest). */
class PackageProvisioningTest {

    private static final String MOUNT = "/opt/code-interpreter/packages";
    private static final Duration BUDGET = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private PackageProvisioning provisioning;
    private final MutableClock clock = new MutableClock();
    private final List<Boolean> installs = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PackageProvisioning with(PackageInstaller installer) throws Exception {
        provisioning = new PackageProvisioning(SandboxPythonSource.known(PackageStoreTest.PY), new ModuleDistributions(Map.of("sklearn", "scikit-learn")),
                new PackageStore(root), MOUNT, installer, clock, 2, installs::add);
        return provisioning;
    }

    @AfterEach
    void close() {
        if (provisioning != null) {
            provisioning.close();
        }
    }

    @Test
    void shouldAskForWhatIsImportedAndNeitherInstalledNorTheProgramsOwnUnderItsDistributionsName() throws Exception {
        String program = """
                import os, sys, json
                import numpy as np
                from sklearn.linear_model import LinearRegression
                import helper, tools.sub, data
                from . import sibling
                try:
                    import yaml
                except ImportError:
                    yaml = None
                """;

        assertThat(with(new PackageStoreTest.FakePip("1.0")).missing(PackageStoreTest.PY, program,
                List.of("/workspace/helper.py", "/workspace/tools/sub.py", "/workspace/data.cpython-311.so")))
                .containsExactly(Map.entry("scikit-learn", "sklearn"), Map.entry("yaml", "yaml"));
    }

    @Test
    void shouldInstallOnceAndGiveEveryJobAfterThePathToItInTheSandbox() throws Exception {
        // given
        PackageStoreTest.FakePip pip = new PackageStoreTest.FakePip("1.0");
        with(pip);

        // when
        Prepared first = provisioning.prepare("import sklearn", List.of(), BUDGET);
        Prepared second = provisioning.prepare("from sklearn import svm", List.of(), BUDGET);

        // then
        String key = PackageStore.keyOf(PackageStoreTest.PY.flavour(), "scikit-learn", "1.0");
        assertThat(first).isEqualTo(new Prepared(List.of(MOUNT + "/" + key), List.of()));
        assertThat(second).isEqualTo(first);
        assertThat(pip.installs).hasValue(1);
        assertThat(installs).containsExactly(true);
    }

    @Test
    void shouldNeedNothingForAProgramThatImportsOnlyWhatIsInstalled() throws Exception {
        PackageStoreTest.FakePip pip = new PackageStoreTest.FakePip("1.0");

        assertThat(with(pip).prepare("import os\nimport numpy\nprint(1)", List.of(), BUDGET)).isEqualTo(Prepared.NONE);
        assertThat(provisioning.prepare("this is not python (", List.of(), BUDGET)).isEqualTo(Prepared.NONE);
        assertThat(pip.installs).hasValue(0);
    }

    @Test
    void shouldGiveANoticeForAFailedInstallAndNotTryItAgainForAWhile() throws Exception {
        // given
        AtomicInteger tries = new AtomicInteger();
        with((distribution, python, target) -> {
            tries.incrementAndGet();
            throw new PackageInstallException("No matching distribution found for " + distribution);
        });

        // when
        Prepared first = provisioning.prepare("import nope\nimport os", List.of(), BUDGET);
        Prepared second = provisioning.prepare("import nope", List.of(), BUDGET);
        clock.advance(PackageProvisioning.FAILURE_MEMORY.plusSeconds(1));
        Prepared later = provisioning.prepare("import nope", List.of(), BUDGET);

        // then
        String notice = "[package installation] could not install nope (for import nope): "
                + "No matching distribution found for nope";
        assertThat(first).isEqualTo(new Prepared(List.of(), List.of(notice)));
        assertThat(second).isEqualTo(first);
        assertThat(later).isEqualTo(first);
        assertThat(tries).hasValue(2);
        assertThat(installs).containsExactly(false, false);
    }

    @Test
    void shouldStopWaitingAtTheBudgetWhileTheInstallGoesOnForLaterJobs() throws Exception {
        // given: an install that waits for the test
        CountDownLatch release = new CountDownLatch(1);
        PackageStoreTest.FakePip pip = new PackageStoreTest.FakePip("3.0");
        with((distribution, python, target) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pip.install(distribution, python, target);
        });

        // when
        Prepared impatient = provisioning.prepare("import slow", List.of(), Duration.ofMillis(200));
        release.countDown();
        Prepared patient = provisioning.prepare("import slow", List.of(), BUDGET);

        // then
        assertThat(impatient.sandboxPaths()).isEmpty();
        assertThat(impatient.notices()).containsExactly("[package installation] could not install slow (for import "
                + "slow): still installing when the job's time was up; later runs will have it");
        assertThat(patient.sandboxPaths()).containsExactly(MOUNT + "/" + PackageStore.keyOf(PackageStoreTest.PY.flavour(), "slow", "3.0"));
        assertThat(pip.installs).hasValue(1);
    }

    @Test
    void shouldInstallAtMostTenPackagesForOneProgram() throws Exception {
        PackageStoreTest.FakePip pip = new PackageStoreTest.FakePip("1.0");
        StringBuilder program = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            program.append("import many").append(i).append('\n');
        }

        Prepared prepared = with(pip).prepare(program.toString(), List.of(), BUDGET);

        assertThat(prepared.sandboxPaths()).hasSize(PackageProvisioning.MOST_PER_JOB);
        assertThat(prepared.notices()).containsExactly(
                "[package installation] did not install many10 (for import many10): a program gets at most 10 "
                        + "packages installed at once",
                "[package installation] did not install many11 (for import many11): a program gets at most 10 "
                        + "packages installed at once");
        assertThat(pip.installs).hasValue(10);
        // those installed already do not count: the same program next time gets the last two too
        Prepared again = provisioning.prepare(program.toString(), List.of(), BUDGET);
        assertThat(again.notices()).isEmpty();
        assertThat(again.sandboxPaths()).hasSize(12).containsAll(prepared.sandboxPaths());
        assertThat(pip.installs).hasValue(12);
    }

    @Test
    void shouldNeverAskPipForANameThatIsNotADistributionName() throws Exception {
        PackageStoreTest.FakePip pip = new PackageStoreTest.FakePip("1.0");

        Prepared prepared = with(pip).prepare("import données\nimport _private\nimport fine", List.of(), BUDGET);

        assertThat(prepared.sandboxPaths()).containsExactly(MOUNT + "/" + PackageStore.keyOf(PackageStoreTest.PY.flavour(), "fine", "1.0"));
        assertThat(pip.installs).hasValue(1);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
