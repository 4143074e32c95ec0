package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Run on Kubernetes" commands against the chart. */
class HelmChartReadmeTest {

    private static final Pattern SECRET = Pattern.compile(
            "create secret generic (\\S+)((?:\\s+\\\\?\\s*--from-literal=[\\w-]+=(?:'[^']*'|\\S+))+)");
    private static final Pattern KEY = Pattern.compile("--from-literal=([\\w-]+)=");

    @Test
    void shouldCreateExactlyTheSecretsAndKeysTheProductionValuesReferenceWhenFollowingTheReadme() throws IOException {
        String section = kubernetesSection();
        Map<String, List<String>> created = SECRET.matcher(section).results().collect(Collectors.toMap(
                match -> match.group(1),
                match -> KEY.matcher(match.group(2)).results().map(key -> key.group(1)).sorted().toList()));
        Map<String, List<String>> referenced = Rendered.production().all(Deployment.class).stream()
                .flatMap(deployment -> deployment.getSpec().getTemplate().getSpec().getContainers().stream())
                .flatMap(container -> container.getEnv().stream())
                .map(EnvVar::getValueFrom)
                .filter(Objects::nonNull)
                .map(EnvVarSource::getSecretKeyRef)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(SecretKeySelector::getName, Collectors.collectingAndThen(
                        Collectors.mapping(SecretKeySelector::getKey, Collectors.toCollection(TreeSet::new)),
                        List::copyOf)));

        assertThat(created).isEqualTo(referenced);
    }

    @Test
    void shouldInstallTheChartDirectoryWithAValuesFileWhenFollowingTheReadme() throws IOException {
        String section = kubernetesSection();

        assertThat(section).contains("helm install ci ./helm/code-interpreter -n code-interpreter -f ");
        assertThat(section).contains("cp helm/code-interpreter/values-production.yaml ");
        assertThat(HelmChart.DIR.resolve("Chart.yaml")).exists();
        assertThat(section).contains("docs/kubernetes.md");
        assertThat(Path.of("..", "docs", "kubernetes.md")).exists();
    }

    private static String kubernetesSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Run on Kubernetes");
        assertThat(start).as("README section").isNotNegative();
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }
}
