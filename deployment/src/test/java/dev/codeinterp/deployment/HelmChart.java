package dev.codeinterp.deployment;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart under {@code helm/code-interpreter}, rendered and linted through helm-java (Helm embedded). */
final class HelmChart {

    static final Path DIR = Path.of("..", "helm", "code-interpreter").toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");
    static final String RELEASE = "ci";
    static final String NAMESPACE = "code-interpreter";
    /** helm template assumes Kubernetes 1.20 without a cluster; the chart needs 1.25+ (policy/v1, autoscaling/v2). */
    static final String KUBE_VERSION = "1.31.0";

    /** What default values leave empty and the chart requires: Kafka, Redis, S3 endpoint and its Secret. */
    static final Map<String, String> REQUIRED = Map.of(
            "kafka.bootstrapServers", "kafka:9092",
            "redis.host", "redis",
            "s3.endpoint", "http://minio:9000",
            "s3.existingSecret", "code-interpreter-s3");

    private static final YAMLMapper YAML = new YAMLMapper();

    private HelmChart() {
    }

    /** {@code helm template} with the values files given (after the chart's own) and the {@code --set}s. */
    static String template(List<Path> valuesFiles, Map<String, String> sets) {
        TemplateCommand command = new Helm(DIR).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    /** The rendered objects of {@link #template}, parsed strictly. */
    static List<HasMetadata> render(List<Path> valuesFiles, Map<String, String> sets) {
        return StrictManifests.parse(template(valuesFiles, sets));
    }

    /** The default values plus {@link #REQUIRED} (and any extra {@code --set}s). */
    static List<HasMetadata> renderDefaults(Map<String, String> extra) {
        Map<String, String> sets = new LinkedHashMap<>(REQUIRED);
        sets.putAll(extra);
        return render(List.of(), sets);
    }

    static List<HasMetadata> renderProduction() {
        return render(List.of(PRODUCTION_VALUES), Map.of());
    }

    /**
     * {@code helm lint --strict} of the chart with an overriding values file merged into values.yaml (helm-java's
     * lint takes no values file, so a copy of the chart gets the merged values, as Helm would merge them).
     */
    static LintResult lint(Map<String, Object> overrides, Path workDir) {
        Path copy = copyChart(workDir.resolve("code-interpreter"));
        Map<String, Object> values = readValues(DIR.resolve("values.yaml"));
        writeValues(copy.resolve("values.yaml"), deepMerge(values, overrides));
        return new Helm(copy).lint().strict().call();
    }

    static Map<String, Object> readValues(Path file) {
        try {
            return YAML.readValue(file.toFile(), new TypeReference<>() { });
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, deepMerge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** {@link #REQUIRED} as a nested values map. */
    static Map<String, Object> requiredValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        REQUIRED.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            values.put(parts[0], deepMerge(asMap(values.get(parts[0])), Map.of(parts[1], value)));
        });
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static void writeValues(Path file, Map<String, Object> values) {
        YAML.writeValue(file.toFile(), values);
    }

    private static Path copyChart(Path target) {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
