package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pip (the sandboxes' {@code /usr/bin/python3 -m pip}) installing wheels this test builds: no network. */
class PipInstallerTest {

    private static final String PYTHON = "/usr/bin/python3";
    /** Another Python than the one running pip: CPython 3.9 on glibc 2.36. */
    private static final SandboxPython OTHER = new SandboxPython("3.9", "cp39", "x86_64", "2.36", Set.of());
    private static SandboxPython local;

    @TempDir
    Path wheels;
    @TempDir
    Path target;

    @BeforeAll
    static void askTheLocalPython() throws Exception {
        local = SandboxPython.probe(PYTHON);
    }

    private PipInstaller fromWheels() {
        return new PipInstaller(new PipInstaller.Settings(PYTHON, "", "", wheels.toString(), Duration.ofSeconds(60)));
    }

    @Test
    void shouldInstallAWheelWithItsDependencyFromTheFindLinksDirectory() throws Exception {
        // given
        Wheels.write(wheels, "pip-test-app", "1.2.0", Map.of("pip_test_app/__init__.py", "import pip_test_dep\n"),
                List.of("pip-test-dep"));
        Wheels.write(wheels, "pip-test-dep", "0.1", Map.of("pip_test_dep.py", "X = 1\n"), List.of());

        // when
        fromWheels().install("pip-test-app", local, target);

        // then
        assertThat(target.resolve("pip_test_app/__init__.py")).exists();
        assertThat(target.resolve("pip_test_dep.py")).exists();
        assertThat(DistInfo.describe("Pip_Test.App", local.flavour(), target)).isEqualTo(new InstalledPackage(
                "pip-test-app", "1.2.0", PackageStore.keyOf(local.flavour(), "pip-test-app", "1.2.0")));
    }

    @Test
    void shouldInstallTheWheelsOfTheSandboxesPythonWhichMayNotBeTheOneRunningPip() throws Exception {
        // given: a wheel only CPython 3.9 on manylinux2014 (glibc 2.17) or newer takes, and one needing glibc 2.99
        Wheels.write(wheels, "pip-test-native", "1.0", "cp39-cp39-manylinux_2_17_x86_64",
                Map.of("pip_test_native.py", "X = 1\n"), List.of());
        Wheels.write(wheels, "pip-test-future", "1.0", "cp39-cp39-manylinux_2_99_x86_64",
                Map.of("pip_test_future.py", "X = 1\n"), List.of());

        // when
        fromWheels().install("pip-test-native", OTHER, target);

        // then
        assertThat(target.resolve("pip_test_native.py")).exists();
        assertThat(local.version()).isNotEqualTo("3.9"); // the Python running pip would not have taken it:
        assertThatThrownBy(() -> fromWheels().install("pip-test-native", local, wheels.resolve("unused")))
                .isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("No matching distribution found for pip-test-native");
        assertThatThrownBy(() -> fromWheels().install("pip-test-future", OTHER, wheels.resolve("unused")))
                .isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("No matching distribution found for pip-test-future");
    }

    @Test
    void shouldSayWhatPipSaidWhenNoDistributionMatches() {
        assertThatThrownBy(() -> fromWheels().install("no-such-distribution", local, target))
                .isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("No matching distribution found for no-such-distribution");
    }

    @Test
    void shouldFailWhenADependencyCannotBeFound() throws Exception {
        Wheels.write(wheels, "pip-test-broken", "1.0", Map.of("pip_test_broken.py", ""), List.of("pip-test-gone"));

        assertThatThrownBy(() -> fromWheels().install("pip-test-broken", local, target))
                .isInstanceOf(PackageInstallException.class).hasMessageContaining("pip-test-gone");
    }

    @Test
    void shouldAskOnlyTheWheelDirectoryWhenNoIndexIsSetAndNeverBuildFromSource() {
        assertThat(fromWheels().command("demo", OTHER, target)).contains("--no-index", "--only-binary=:all:")
                .containsSequence("--python-version", "3.9", "--implementation", "cp", "--abi", "cp39",
                        "--platform", "manylinux_2_36_x86_64")
                .containsSequence("--find-links", wheels.toString()).endsWith("demo");
        assertThat(new PipInstaller(new PipInstaller.Settings(PYTHON, "https://index.example/simple",
                "https://extra.example/simple", wheels.toString(), Duration.ofSeconds(1))).command("demo", OTHER, target))
                .doesNotContain("--no-index").containsSequence("--index-url", "https://index.example/simple")
                .containsSequence("--extra-index-url", "https://extra.example/simple")
                .containsSequence("--find-links", wheels.toString());
        assertThat(new PipInstaller(new PipInstaller.Settings(PYTHON, "", "https://extra.example/simple", "",
                Duration.ofSeconds(1))).command("demo", OTHER, target)).doesNotContain("--no-index", "--index-url");
    }

    @Test
    void shouldKeepTheLastErrorLineOrElseTheLastLineAsTheReason() {
        assertThat(PipInstaller.reason(List.of("ERROR: first", "noise", "ERROR: Could not find x", ""), 1))
                .isEqualTo("Could not find x");
        assertThat(PipInstaller.reason(List.of("something", "  last words  ", ""), 2)).isEqualTo("last words");
        assertThat(PipInstaller.reason(List.of(), 3)).isEqualTo("pip exited with status 3");
        assertThat(PipInstaller.reason(List.of("ERROR: " + "x".repeat(400)), 1)).hasSize(301);
    }

    @Test
    void shouldStopAnInstallThatTakesTooLong() throws Exception {
        try (ServerSocket index = new ServerSocket(0)) { // accepts connections, never answers
            PipInstaller pip = new PipInstaller(new PipInstaller.Settings(PYTHON,
                    "http://127.0.0.1:" + index.getLocalPort() + "/simple", "", "", Duration.ofSeconds(2)));

            assertThatThrownBy(() -> pip.install("anything", local, target)).isInstanceOf(PackageInstallException.class)
                    .hasMessage("pip did not finish within 2 s");
        }
    }
}
