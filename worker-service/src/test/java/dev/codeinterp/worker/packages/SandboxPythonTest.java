package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the sandboxes' Python says of itself, and the wheels pip may give it. */
class SandboxPythonTest {

    @Test
    void shouldDescribeTheRealPythonByItsProbe() throws Exception {
        SandboxPython python = SandboxPython.probe("/usr/bin/python3");

        assertThat(python.version()).matches("3\\.\\d+");
        assertThat(python.abi()).isEqualTo("cp" + python.version().replace(".", ""));
        assertThat(python.modules()).contains("sys", "json", "os", "_io", "pkgutil").doesNotContain("no_such_module");
        assertThat(python.glibc()).matches("2\\.\\d+");
        assertThat(python.flavour()).isEqualTo(python.abi() + "-manylinux_" + python.glibc().replace('.', '_') + "_"
                + python.machine());
    }

    @Test
    void shouldReadWhatTheProbePrinted() throws Exception {
        SandboxPython python = SandboxPython.parse("""
                {"implementation": "cpython", "version": [3, 13], "abiflags": "t", "machine": "aarch64",
                 "libc": "glibc 2.39", "modules": ["sys", "numpy"]}
                """);

        assertThat(python).isEqualTo(new SandboxPython("3.13", "cp313t", "aarch64", "2.39", Set.of("sys", "numpy")));
        assertThat(python.flavour()).isEqualTo("cp313t-manylinux_2_39_aarch64");
        assertThat(python.pipTarget()).containsSequence("--python-version", "3.13", "--implementation", "cp",
                "--abi", "cp313t", "--platform", "manylinux_2_39_aarch64");
    }

    @Test
    void shouldOfferEveryManylinuxFromItsGlibcDownToTheOldestWithTheLegacyNamesThenLinux() {
        SandboxPython x86 = new SandboxPython("3.11", "cp311", "x86_64", "2.36", Set.of());

        assertThat(x86.platforms()).hasSize(32 + 3 + 1).startsWith("manylinux_2_36_x86_64", "manylinux_2_35_x86_64")
                .containsSequence("manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_16_x86_64")
                .containsSequence("manylinux_2_12_x86_64", "manylinux2010_x86_64")
                .endsWith("manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64");
        assertThat(new SandboxPython("3.11", "cp311", "aarch64", "2.28", Set.of()).platforms()).hasSize(12 + 1 + 1)
                .endsWith("manylinux_2_17_aarch64", "manylinux2014_aarch64", "linux_aarch64");
        assertThat(new SandboxPython("3.11", "cp311", "x86_64", "", Set.of()).platforms())
                .containsExactly("linux_x86_64"); // musl: pure-Python wheels only, and local linux builds
    }

    @Test
    void shouldRefuseWhatIsNotADescriptionOfCPython() {
        assertThatThrownBy(() -> SandboxPython.parse("Traceback (most recent call last):")).isInstanceOf(
                IOException.class).hasMessageContaining("printed no description: Traceback");
        assertThatThrownBy(() -> SandboxPython.parse("""
                {"implementation": "pypy", "version": [3, 10], "abiflags": "", "machine": "x86_64", "libc": "",
                 "modules": []}""")).isInstanceOf(IOException.class).hasMessageContaining("needs CPython");
        assertThatThrownBy(() -> SandboxPython.parse("""
                {"implementation": "cpython", "version": [3, 11], "abiflags": "", "machine": "../etc", "libc": "",
                 "modules": []}""")).isInstanceOf(IOException.class).hasMessageContaining("not a Python description");
    }
}
