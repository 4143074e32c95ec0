package dev.codeinterp.janitor.kubernetes;

import dev.codeinterp.common.sandbox.ExecutorPods;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's Kubernetes API mock in CRUD mode with a client, and pods labelled as the worker labels them. Nothing
 * cascades here: deleting a worker pod leaves its executor pods, which is what the janitor is for.
 */
final class MockCluster implements AutoCloseable {

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private final KubernetesClient client;

    MockCluster() {
        server.init();
        client = server.createClient();
    }

    KubernetesClient client() {
        return client;
    }

    void worker(String namespace, String name) {
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app.kubernetes.io/name", "code-interpreter-worker")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("code-interpreter-worker:0.1.0")
                .endContainer().endSpec()
                .build()).create();
    }

    /** An executor pod as the contract describes it; {@code leasedAt} may be null (no annotation) or garbled. */
    void executor(String namespace, String name, String worker, String state, String leasedAt) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(name)
                .addToLabels(ExecutorPods.NAME_LABEL, ExecutorPods.NAME)
                .addToLabels(ExecutorPods.MANAGED_BY_LABEL, ExecutorPods.MANAGED_BY)
                .addToLabels(ExecutorPods.WORKER_LABEL, worker)
                .addToLabels(ExecutorPods.STATE_LABEL, state)
                .endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("code-interpreter-executor:0.1.0")
                .endContainer().endSpec();
        if (leasedAt != null) {
            pod.editMetadata().addToAnnotations(ExecutorPods.LEASED_AT_ANNOTATION, leasedAt).endMetadata();
        }
        client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    List<String> podNames(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .map(Pod::getMetadata).map(ObjectMeta::getName).toList();
    }

    void delete(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
