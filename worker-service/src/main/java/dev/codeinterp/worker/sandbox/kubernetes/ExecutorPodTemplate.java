package dev.codeinterp.worker.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.worker.sandbox.SandboxPool;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The executor pod of the Kubernetes backend: the agent listening on its port, hardened (not root, read-only root
 * filesystem, no capabilities, no privilege escalation, seccomp {@code RuntimeDefault}, no service-account token, no
 * service links), with memory-backed size-limited {@code /workspace} and {@code /tmp}, and the package store's
 * {@code store/} read-only from its claim when there is one. The operator's extra spec is
 * merged in first and the hardening applied after it, so it cannot be weakened. Bad JSON settings are refused when the
 * template is made.
 */
public final class ExecutorPodTemplate {

    static final String CONTAINER = "agent";
    static final String PACKAGES_VOLUME = "packages";
    /** The directory of the package store's claim that sandboxes see: installed packages only. */
    static final String PACKAGES_SUB_PATH = "store";
    static final long SANDBOX_UID = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ExecutorPodSettings settings;
    private final ResourceRequirements resources;
    private final ObjectNode specExtra;

    public ExecutorPodTemplate(ExecutorPodSettings settings) {
        this.settings = settings;
        this.resources = parseResources(settings.containerResources());
        this.specExtra = parseSpecExtra(settings.podSpecExtra());
        podFor("validation", "token"); // the merged spec must be a valid pod spec
    }

    /** A new warm pod named {@code name} whose agent accepts only {@code token}. */
    public Pod podFor(String name, String token) {
        PodBuilder pod = new PodBuilder().withNewMetadata()
                .withName(name).withNamespace(settings.namespace())
                .withLabels(Map.of(ExecutorPods.NAME_LABEL, ExecutorPods.NAME,
                        ExecutorPods.MANAGED_BY_LABEL, ExecutorPods.MANAGED_BY,
                        ExecutorPods.WORKER_LABEL, settings.worker().name(),
                        ExecutorPods.STATE_LABEL, ExecutorPods.WARM))
                .endMetadata()
                .withSpec(hardened(merged(baseSpec(token))));
        if (settings.worker().uid() != null) {
            pod.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                    .withName(settings.worker().name()).withUid(settings.worker().uid()).build()).endMetadata();
        }
        return pod.build();
    }

    private PodSpec baseSpec(String token) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder().withName("workspace").withMountPath("/workspace").build(),
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build()));
        List<Volume> volumes = new ArrayList<>(List.of(memoryVolume("workspace", settings.workspaceBytes()),
                memoryVolume("tmp", settings.tmpBytes())));
        if (!settings.packageClaim().isEmpty()) {
            // read-only twice: the mount, and the claim (so that the kubelet never walks it to change its group)
            mounts.add(new VolumeMountBuilder().withName(PACKAGES_VOLUME).withMountPath(SandboxPool.PACKAGES_MOUNT)
                    .withSubPath(PACKAGES_SUB_PATH).withReadOnly(true).build());
            volumes.add(new VolumeBuilder().withName(PACKAGES_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(settings.packageClaim()).withReadOnly(true).endPersistentVolumeClaim().build());
        }
        Container agent = new ContainerBuilder().withName(CONTAINER).withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs("--listen", "0.0.0.0:" + settings.agentPort())
                .addNewEnv().withName(ExecutorPods.AGENT_TOKEN_ENV).withValue(token).endEnv()
                .addNewEnv().withName("AGENT_WORKSPACE").withValue("/workspace").endEnv()
                .addNewEnv().withName("AGENT_TMP").withValue("/tmp").endEnv()
                .addNewEnv().withName(ExecutorPods.AGENT_PRELOAD_ENV).withValue(String.join(",", settings.preload()))
                .endEnv()
                .addNewPort().withName("agent").withContainerPort(settings.agentPort()).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewTcpSocket().withNewPort(settings.agentPort()).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe()
                .withResources(resources)
                .withVolumeMounts(mounts)
                .build();
        return new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(0L)
                .withContainers(agent)
                .withVolumes(volumes)
                .build();
    }

    private PodSpec merged(PodSpec base) {
        ObjectNode spec = JSON.valueToTree(serialization.convertValue(base, Map.class));
        mergeInto(spec, specExtra);
        return serialization.convertValue(JSON.convertValue(spec, Map.class), PodSpec.class);
    }

    /** Applied after the operator's extra spec: what no setting may change. */
    private static PodSpec hardened(PodSpec spec) {
        spec.setAutomountServiceAccountToken(false);
        spec.setEnableServiceLinks(false);
        spec.setHostNetwork(false);
        spec.setHostPID(false);
        spec.setHostIPC(false);
        spec.setSecurityContext(new PodSecurityContextBuilder(spec.getSecurityContext())
                .withRunAsNonRoot(true).withRunAsUser(SANDBOX_UID).withRunAsGroup(SANDBOX_UID).withFsGroup(SANDBOX_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build());
        for (Container container : spec.getContainers()) {
            container.setSecurityContext(new SecurityContextBuilder(container.getSecurityContext())
                    .withPrivileged(false).withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().build());
        }
        return spec;
    }

    private static Volume memoryVolume(String name, long bytes) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity(Long.toString(bytes))).endEmptyDir().build();
    }

    /** RFC 7386 merge: objects merge key by key, anything else (arrays included) replaces, null removes. */
    private static void mergeInto(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject() && current != null && current.isObject()) {
                mergeInto((ObjectNode) current, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private ResourceRequirements parseResources(String json) {
        ObjectNode object = object(json, "APP_EXECUTOR_CONTAINER_RESOURCES");
        ResourceRequirements parsed;
        try {
            parsed = serialization.unmarshal(object.toString(), ResourceRequirements.class);
        } catch (RuntimeException e) {
            throw invalid("APP_EXECUTOR_CONTAINER_RESOURCES", json, e.getMessage());
        }
        if (!parsed.getAdditionalProperties().isEmpty()) {
            throw invalid("APP_EXECUTOR_CONTAINER_RESOURCES", json,
                    "unknown fields " + parsed.getAdditionalProperties().keySet() + " (expected requests, limits)");
        }
        for (Map<String, Quantity> quantities : List.of(nonNull(parsed.getRequests()), nonNull(parsed.getLimits()))) {
            quantities.forEach((resource, quantity) -> {
                try {
                    Quantity.getAmountInBytes(quantity);
                } catch (RuntimeException e) {
                    throw invalid("APP_EXECUTOR_CONTAINER_RESOURCES", json,
                            "'" + quantity + "' of " + resource + " is not a quantity");
                }
            });
        }
        return parsed;
    }

    private ObjectNode parseSpecExtra(String json) {
        ObjectNode extra = object(json, "APP_EXECUTOR_POD_SPEC_EXTRA");
        for (String owned : List.of("containers", "volumes")) {
            if (extra.has(owned)) {
                throw invalid("APP_EXECUTOR_POD_SPEC_EXTRA", json, "'" + owned + "' is set by the worker");
            }
        }
        PodSpec spec;
        try {
            spec = serialization.unmarshal(extra.toString(), PodSpec.class);
        } catch (RuntimeException e) {
            throw invalid("APP_EXECUTOR_POD_SPEC_EXTRA", json, e.getMessage());
        }
        if (!spec.getAdditionalProperties().isEmpty()) {
            throw invalid("APP_EXECUTOR_POD_SPEC_EXTRA", json,
                    "unknown pod spec fields " + spec.getAdditionalProperties().keySet());
        }
        return extra;
    }

    private static ObjectNode object(String json, String setting) {
        try {
            JsonNode node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(setting, json, "not JSON: " + e.getOriginalMessage());
        }
        throw invalid(setting, json, "a JSON object is expected");
    }

    private static Map<String, Quantity> nonNull(Map<String, Quantity> quantities) {
        return quantities == null ? Map.of() : quantities;
    }

    private static IllegalArgumentException invalid(String setting, String value, String why) {
        return new IllegalArgumentException(setting + " is invalid (" + why + "): " + value);
    }
}
