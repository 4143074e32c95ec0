package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileRulesTest {

    /** image:tag with a tag holding a digit (an exact version), never latest; an optional @sha256 digest. */
    private static final String PINNED_IMAGE = "[a-z0-9./_-]+:(?!latest)[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*(@sha256:[0-9a-f]{64})?";

    static Stream<Path> dockerfiles() {
        return RepoFiles.DOCKERFILES.stream();
    }

    private static Dockerfile parse(Path file) {
        return Dockerfile.parse(RepoFiles.read(file));
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void shouldPinEveryBaseImageWhenBuildingFromOutside(Path file) {
        Dockerfile dockerfile = parse(file);
        List<String> stageNames = dockerfile.stages().stream().map(Dockerfile::name).toList();

        assertThat(dockerfile.stages()).allSatisfy(stage -> {
            String image = stage.from().split("\\s+")[0];
            if (!stageNames.contains(image)) {
                assertThat(image).as("FROM %s", stage.from()).matches(PINNED_IMAGE);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void shouldRunAsNumericNonRootUserWhenAnImageStarts(Path file) {
        assertThat(parse(file).finalStages()).isNotEmpty().allSatisfy(stage -> {
            List<Dockerfile.Instruction> users = stage.all("USER");
            assertThat(users).as("USER in stage %s", stage.from()).isNotEmpty();
            String user = users.get(users.size() - 1).arguments();
            assertThat(user).matches("[0-9]+(:[0-9]+)?");
            assertThat(user.split(":")[0]).isNotEqualTo("0");
        });
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void shouldUseExecFormWhenAnImageStartsOrIsChecked(Path file) {
        assertThat(parse(file).finalStages()).allSatisfy(stage -> {
            assertThat(stage.all("ENTRYPOINT")).as("ENTRYPOINT of %s", stage.from()).hasSize(1);
            Stream.of("ENTRYPOINT", "CMD").flatMap(k -> stage.all(k).stream())
                    .forEach(i -> assertThat(i.arguments()).as(i.keyword()).matches("\\[\\s*\".*\"\\s*]"));
            stage.all("HEALTHCHECK").forEach(i -> assertThat(i.arguments()).matches(".*CMD \\[\\s*\".*\"\\s*]"));
        });
    }

    @Test
    void shouldHaveAHealthCheckWhenAServiceImageIsBuilt() {
        List<Dockerfile.Stage> services = parse(RepoFiles.SERVICES_DOCKERFILE).finalStages();

        assertThat(services).extracting(Dockerfile::name).containsExactlyInAnyOrder("api", "worker", "janitor");
        assertThat(services).allSatisfy(stage -> assertThat(stage.all("HEALTHCHECK")).hasSize(1));
    }

    @Test
    void shouldStartTheAgentInTcpModeWhenTheExecutorImageRuns() {
        Dockerfile.Stage executor = parse(RepoFiles.DOCKERFILES.get(0)).finalStages().get(0);

        assertThat(executor.all("ENTRYPOINT")).extracting(Dockerfile.Instruction::arguments)
                .containsExactly("[\"/usr/bin/python3\", \"-I\", \"-S\", \"/opt/agent/agent.py\"]");
        assertThat(executor.all("CMD")).extracting(Dockerfile.Instruction::arguments)
                .containsExactly("[\"--listen\", \"0.0.0.0:8900\"]");
        assertThat(executor.all("USER")).extracting(Dockerfile.Instruction::arguments).containsExactly("1000:1000");
        assertThat(executor.all("EXPOSE")).extracting(Dockerfile.Instruction::arguments).containsExactly("8900");
    }
}
