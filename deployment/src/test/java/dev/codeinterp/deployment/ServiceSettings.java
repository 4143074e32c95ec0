package dev.codeinterp.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code APP_*} settings the services read, derived from their sources so a new setting is covered without
 * editing the tests: the components of every {@code @ConfigurationProperties} record (relaxed binding maps
 * {@code app.executorPodQueueTargetLength} to {@code APP_EXECUTOR_POD_QUEUE_TARGET_LENGTH}), {@code @Value("${app.…}")}
 * placeholders, and {@code ${APP_…}} placeholders in resources.
 */
final class ServiceSettings {

    static final List<String> SERVICE_MODULES = List.of("common", "api-service", "worker-service", "janitor-service");

    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+record\\s+\\w+\\s*\\(");
    private static final Pattern APP_PLACEHOLDER = Pattern.compile("\\$\\{app\\.([a-z0-9.-]+)");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{(APP_[A-Z0-9_]+)");

    private ServiceSettings() {
    }

    static Set<String> read() {
        Set<String> names = new TreeSet<>();
        for (String module : SERVICE_MODULES) {
            for (Path file : files(RepoFiles.ROOT.resolve(module).resolve("src/main"))) {
                String text = RepoFiles.read(file);
                Matcher record = PROPERTIES_RECORD.matcher(text);
                while (record.find()) {
                    String prefix = record.group(1);
                    for (String component : componentNames(text, record.end())) {
                        names.add(envName(prefix + "." + component));
                    }
                }
                APP_PLACEHOLDER.matcher(text).results().forEach(m -> names.add(envName("app." + m.group(1))));
                ENV_PLACEHOLDER.matcher(text).results().forEach(m -> names.add(m.group(1)));
            }
        }
        return names;
    }

    /** {@code app.s3.accessKey} or {@code app.job-partitions} → {@code APP_S3_ACCESS_KEY}, {@code APP_JOB_PARTITIONS}. */
    static String envName(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** Names of a record's components, from just after its opening parenthesis. */
    static List<String> componentNames(String text, int start) {
        List<String> components = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                while (text.charAt(end - 1) == '\\') {
                    end = text.indexOf('"', end + 1);
                }
                i = end;
                continue;
            }
            if (depth == 0 && (c == ',' || c == ')')) {
                components.add(lastIdentifier(current.toString()));
                current.setLength(0);
                if (c == ')') {
                    break;
                }
                continue;
            }
            depth += c == '(' || c == '<' ? 1 : c == ')' || c == '>' ? -1 : 0;
            current.append(c);
        }
        return components;
    }

    private static String lastIdentifier(String component) {
        String[] words = component.strip().split("[^A-Za-z0-9_]+");
        return words[words.length - 1];
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(java|properties|ya?ml)$")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
