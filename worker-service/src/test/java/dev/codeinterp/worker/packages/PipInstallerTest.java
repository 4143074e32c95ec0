package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pip (the sandboxes' {@code /usr/bin/python3 -m pip}) installing wheels this test builds: no network. */
class PipInstallerTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path wheels;
    @TempDir
    Path target;

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
        fromWheels().install("pip-test-app", target);

        // then
        assertThat(target.resolve("pip_test_app/__init__.py")).exists();
        assertThat(target.resolve("pip_test_dep.py")).exists();
        assertThat(DistInfo.describe("Pip_Test.App", target))
                .isEqualTo(new InstalledPackage("pip-test-app", "1.2.0", PackageStore.keyOf("pip-test-app", "1.2.0")));
    }

    @Test
    void shouldSayWhatPipSaidWhenNoDistributionMatches() {
        assertThatThrownBy(() -> fromWheels().install("no-such-distribution", target))
                .isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("No matching distribution found for no-such-distribution");
    }

    @Test
    void shouldFailWhenADependencyCannotBeFound() throws Exception {
        Wheels.write(wheels, "pip-test-broken", "1.0", Map.of("pip_test_broken.py", ""), List.of("pip-test-gone"));

        assertThatThrownBy(() -> fromWheels().install("pip-test-broken", target))
                .isInstanceOf(PackageInstallException.class).hasMessageContaining("pip-test-gone");
    }

    @Test
    void shouldAskOnlyTheWheelDirectoryWhenNoIndexIsSetAndNeverBuildFromSource() {
        assertThat(fromWheels().command("demo", target)).contains("--no-index", "--only-binary=:all:")
                .containsSequence("--find-links", wheels.toString()).endsWith("demo");
        assertThat(new PipInstaller(new PipInstaller.Settings(PYTHON, "https://index.example/simple",
                "https://extra.example/simple", wheels.toString(), Duration.ofSeconds(1))).command("demo", target))
                .doesNotContain("--no-index").containsSequence("--index-url", "https://index.example/simple")
                .containsSequence("--extra-index-url", "https://extra.example/simple")
                .containsSequence("--find-links", wheels.toString());
        assertThat(new PipInstaller(new PipInstaller.Settings(PYTHON, "", "https://extra.example/simple", "",
                Duration.ofSeconds(1))).command("demo", target)).doesNotContain("--no-index", "--index-url");
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

            assertThatThrownBy(() -> pip.install("anything", target)).isInstanceOf(PackageInstallException.class)
                    .hasMessage("pip did not finish within 2 s");
        }
    }
}
