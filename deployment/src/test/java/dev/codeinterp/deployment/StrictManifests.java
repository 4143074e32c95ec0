package dev.codeinterp.deployment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses rendered manifests into fabric8's typed model, refusing any field the model does not know.
 *
 * <p>fabric8 models catch unknown fields in an {@code additionalProperties} map through {@code @JsonAnySetter}, so
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} alone never fires (and round-tripping keeps them too). Turning every any-setter
 * off makes Jackson treat such a field as unknown, and the feature then fails the parse.
 */
final class StrictManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
            JsonMapper.builder()
                    .annotationIntrospector(new NoAnySetter())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build(),
            true);

    private StrictManifests() {
    }

    /** Every non-empty document of a multi-document YAML stream, as a typed Kubernetes object. */
    static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(StrictManifests::hasContent)
                .map(StrictManifests::parseOne)
                .toList();
    }

    private static HasMetadata parseOne(String document) {
        Object parsed = SERIALIZATION.unmarshal(document);
        if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("Not a known Kubernetes kind:\n" + document);
        }
        return object;
    }

    private static boolean hasContent(String document) {
        return document.lines().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
    }

    private static final class NoAnySetter extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
