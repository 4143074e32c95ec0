package dev.codeinterp.janitor.pods;

import dev.codeinterp.common.sandbox.ExecutorPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The executor pods of one namespace, through the Kubernetes API. */
public final class KubernetesExecutorPodDirectory implements ExecutorPodDirectory {

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesExecutorPodDirectory(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public List<ExecutorPod> executorPods() {
        return client.pods().inNamespace(namespace).withLabel(ExecutorPods.NAME_LABEL, ExecutorPods.NAME).list()
                .getItems().stream().map(KubernetesExecutorPodDirectory::toExecutorPod).toList();
    }

    @Override
    public Set<String> existingWorkers(Set<String> workers) {
        return workers.stream().filter(worker -> client.pods().inNamespace(namespace).withName(worker).get() != null)
                .collect(Collectors.toSet());
    }

    @Override
    public void delete(String podName) {
        client.pods().inNamespace(namespace).withName(podName).withGracePeriod(0).delete();
    }

    private static ExecutorPod toExecutorPod(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
                : pod.getMetadata().getAnnotations();
        return new ExecutorPod(pod.getMetadata().getName(), labels.get(ExecutorPods.WORKER_LABEL),
                ExecutorPods.LEASED.equals(labels.get(ExecutorPods.STATE_LABEL)),
                instant(annotations.get(ExecutorPods.LEASED_AT_ANNOTATION)),
                instant(pod.getMetadata().getCreationTimestamp()));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
