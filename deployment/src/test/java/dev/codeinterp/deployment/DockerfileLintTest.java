package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileLintTest {

    static Stream<Path> dockerfiles() {
        return RepoFiles.DOCKERFILES.stream();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void shouldReportNothingWhenLintingEachDockerfile(Path dockerfile) {
        NpmLinters.Result result = NpmLinters.run("dockerfile-utils", "lint", dockerfile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isBlank();
    }
}
