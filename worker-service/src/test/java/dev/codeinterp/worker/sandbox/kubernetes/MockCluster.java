package dev.codeinterp.worker.sandbox.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in cluster: fabric8's Kubernetes API mock in CRUD mode (no real API server can run here; see
 * {@link WatchSafeCrudDispatcher}) and a
 * {@link FakeKubelet} that runs each executor pod's real agent in bubblewrap.
 */
public final class MockCluster implements AutoCloseable {

    public static final String NAMESPACE = "test";

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final FakeKubelet kubelet;

    private MockCluster(KubernetesMockServer server, NamespacedKubernetesClient client, FakeKubelet kubelet) {
        this.server = server;
        this.client = client;
        this.kubelet = kubelet;
    }

    /**
     * @param runtimeDir  a fresh directory for the agent files, reachable by other users
     * @param hostUidBase first of 64 host uids the sandboxes run as when this JVM is root
     */
    public static MockCluster start(Path runtimeDir, int hostUidBase) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new WatchSafeCrudDispatcher(), false);
        server.init();
        NamespacedKubernetesClient client = server.createClient();
        FakeKubelet kubelet = new FakeKubelet(client, NAMESPACE, runtimeDir, hostUidBase, 64).start();
        return new MockCluster(server, client, kubelet);
    }

    /** A client of the mock API server, in namespace {@link #NAMESPACE}. */
    public NamespacedKubernetesClient client() {
        return client;
    }

    public FakeKubelet kubelet() {
        return kubelet;
    }

    /** fabric8's system properties that make a client built by auto-configuration talk to this mock. */
    public Map<String, String> clientSystemProperties() {
        return Map.of("kubernetes.master", client.getMasterUrl().toString(),
                "kubernetes.namespace", NAMESPACE,
                "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false",
                "kubernetes.trust.certificates", "true");
    }

    @Override
    public void close() {
        kubelet.close();
        client.close();
        server.destroy();
    }
}
