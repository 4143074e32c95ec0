package dev.codeinterp.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The repository's deployment files, read from the checkout (tests run in {@code deployment/}). */
final class RepoFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final List<Path> DOCKERFILES = List.of(
            ROOT.resolve("executor-image/Dockerfile"), ROOT.resolve("docker/services.Dockerfile"));
    static final Path SERVICES_DOCKERFILE = ROOT.resolve("docker/services.Dockerfile");

    private RepoFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return (Map<String, Object>) new Yaml().load(read(COMPOSE));
    }
}
