package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Debian 12's docker-compose 1.29 (optional here: {@code apt-get install docker-compose}) accepts the file. */
class ComposeLegacyConfigTest {

    @Test
    void shouldBeAcceptedWhenDockerCompose129ReadsTheFile() throws Exception {
        Path binary = Stream.of("/usr/bin/docker-compose", "/usr/local/bin/docker-compose").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(binary != null, "docker-compose (1.x) is not installed: apt-get install docker-compose");

        Process process = new ProcessBuilder(binary.toString(), "-f", RepoFiles.COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
    }
}
