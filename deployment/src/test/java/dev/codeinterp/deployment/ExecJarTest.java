package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runnable jars the service images start ({@code java -jar}); built by {@code package} in each service module. */
class ExecJarTest {

    @ParameterizedTest
    @CsvSource({
            "api-service, dev.codeinterp.api.ApiApplication",
            "worker-service, dev.codeinterp.worker.WorkerApplication",
            "janitor-service, dev.codeinterp.janitor.JanitorApplication"})
    void shouldStartTheServiceWhenTheExecJarIsRun(String module, String startClass) throws IOException {
        Optional<Path> jar = execJar(module);
        assumeTrue(jar.isPresent(), module + "/target has no *-exec.jar: package the module first");

        try (JarFile file = new JarFile(jar.get().toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo(startClass);
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .startsWith("org.springframework.boot.loader.");
            String config = "BOOT-INF/classes/" + module + ".yml";
            assertThat(file.getEntry(config)).as(config).isNotNull();
        }
    }

    private static Optional<Path> execJar(String module) throws IOException {
        Path target = RepoFiles.ROOT.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst();
        }
    }
}
