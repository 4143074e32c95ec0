package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComposeLintTest {

    @Test
    void shouldPassDclintWhenLintingTheComposeFile() {
        // dclint.config.json turns off two opinions: build next to image (names the built image on purpose) and a
        // required top-level name (Debian's docker-compose 1.29 refuses it).
        NpmLinters.Result result = NpmLinters.run("dclint", "-c", "dclint.config.json", RepoFiles.COMPOSE.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
