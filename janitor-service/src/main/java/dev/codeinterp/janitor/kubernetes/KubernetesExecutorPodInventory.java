package dev.codeinterp.janitor.kubernetes;

import dev.codeinterp.common.sandbox.ExecutorPods;
import dev.codeinterp.janitor.sweep.ExecutorPod;
import dev.codeinterp.janitor.sweep.ExecutorPodInventory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link ExecutorPodInventory} on the Kubernetes API, through the fabric8 client. */
public final class KubernetesExecutorPodInventory implements ExecutorPodInventory {

    private static final Set<String> ENDED_PHASES = Set.of("Succeeded", "Failed");

    private final KubernetesClient client;
    private final String namespace;

    /** @param namespace namespace of executor and worker pods; blank = the client's own (else {@code default}) */
    public KubernetesExecutorPodInventory(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = !namespace.isBlank() ? namespace
                : client.getNamespace() != null ? client.getNamespace() : "default";
    }

    @Override
    public List<ExecutorPod> executorPods() {
        return pods().withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(KubernetesExecutorPodInventory::toExecutorPod)
                .toList();
    }

    @Override
    public boolean workerAlive(String workerPodName) {
        Pod worker = pods().withName(workerPodName).get();
        // An evicted or completed worker pod stays in the API but will never delete its executor pods.
        return worker != null
                && (worker.getStatus() == null || !ENDED_PHASES.contains(worker.getStatus().getPhase()));
    }

    @Override
    public boolean delete(String podName) {
        return !pods().withName(podName).delete().isEmpty();
    }

    /** The namespace this inventory reads. */
    public String namespace() {
        return namespace;
    }

    private NonNamespaceOperation<Pod, PodList, PodResource> pods() {
        return client.pods().inNamespace(namespace);
    }

    private static ExecutorPod toExecutorPod(Pod pod) {
        ObjectMeta metadata = pod.getMetadata();
        Map<String, String> labels = metadata.getLabels() != null ? metadata.getLabels() : Map.of();
        Map<String, String> annotations = metadata.getAnnotations() != null ? metadata.getAnnotations() : Map.of();
        return new ExecutorPod(metadata.getName(), labels.get(ExecutorPods.WORKER_LABEL),
                labels.get(ExecutorPods.STATE_LABEL), annotations.get(ExecutorPods.LEASED_AT_ANNOTATION),
                parse(metadata.getCreationTimestamp()));
    }

    private static Instant parse(String timestamp) {
        try {
            return timestamp != null ? Instant.parse(timestamp) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
