package dev.codeinterp.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The objects of one {@code helm template}, looked up by kind and name. */
record Rendered(List<HasMetadata> objects) {

    static Rendered defaults() {
        return new Rendered(HelmChart.renderDefaults(Map.of()));
    }

    static Rendered defaults(Map<String, String> sets) {
        return new Rendered(HelmChart.renderDefaults(sets));
    }

    static Rendered production() {
        return new Rendered(HelmChart.renderProduction());
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The object of that kind named {@code <release>-code-interpreter-<suffix>}. */
    <T extends HasMetadata> T get(Class<T> kind, String suffix) {
        String name = HelmChart.RELEASE + "-code-interpreter-" + suffix;
        return all(kind).stream()
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(kind.getSimpleName() + " " + name));
    }

    boolean has(Class<? extends HasMetadata> kind, String suffix) {
        String name = HelmChart.RELEASE + "-code-interpreter-" + suffix;
        return all(kind).stream().anyMatch(object -> object.getMetadata().getName().equals(name));
    }

    Deployment deployment(String component) {
        return get(Deployment.class, component);
    }

    Container container(String component) {
        return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The env of a component's container by name (the chart renders each name once). */
    Map<String, EnvVar> env(String component) {
        return container(component).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }
}
