package dev.codeinterp.worker.config;

import dev.codeinterp.worker.sandbox.kubernetes.ExecutorPodSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the {@code kubernetes} executor backend; each maps to the {@code APP_*} environment variable of the same
 * name. Read only when {@code APP_EXECUTOR_BACKEND=kubernetes}.
 *
 * @param executorImage               image of the executor pods (the agent in TCP mode)
 * @param executorImagePullPolicy     {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param executorPodNamePrefix       executor pod names start with it
 * @param executorNamespace           namespace of the executor pods; empty = the client's (in a cluster: the worker's
 *                                    own)
 * @param executorContainerResources  JSON resource requirements of the executor container
 * @param executorPodSpecExtra        JSON merged into the executor pod spec (e.g. {@code runtimeClassName}); it cannot
 *                                    weaken the pod's security settings
 * @param executorAgentPort           TCP port the agent listens on in executor pods
 * @param executorPodReadyTimeout     how long a new executor pod may take to become ready before it is replaced
 * @param workerPodName               the worker's own pod name (downward API); empty = the host name
 * @param workerPodUid                the worker's own pod uid (downward API); empty = executor pods get no owner
 * @param executorPackageClaim        the ReadWriteMany claim the worker mounts at {@code APP_PACKAGE_CACHE_DIR} and
 *                                    executor pods mount read-only; needed when packages are installed
 */
@ConfigurationProperties("app")
public record KubernetesExecutorProperties(
        @DefaultValue("code-interpreter-executor:0.1.0") String executorImage,
        @DefaultValue("IfNotPresent") String executorImagePullPolicy,
        @DefaultValue("code-interpreter-executor-") String executorPodNamePrefix,
        @DefaultValue("") String executorNamespace,
        @DefaultValue(DEFAULT_RESOURCES) String executorContainerResources,
        @DefaultValue("{}") String executorPodSpecExtra,
        @DefaultValue("8900") int executorAgentPort,
        @DefaultValue("300") @DurationUnit(ChronoUnit.SECONDS) Duration executorPodReadyTimeout,
        @DefaultValue("") String workerPodName,
        @DefaultValue("") String workerPodUid,
        @DefaultValue("") String executorPackageClaim) {

    public KubernetesExecutorProperties {
        if (executorAgentPort < 1 || executorAgentPort > 65535) {
            throw new IllegalArgumentException("APP_EXECUTOR_AGENT_PORT must be a TCP port, got " + executorAgentPort);
        }
        if (!List.of("Always", "IfNotPresent", "Never").contains(executorImagePullPolicy)) {
            throw new IllegalArgumentException("APP_EXECUTOR_IMAGE_PULL_POLICY must be Always, IfNotPresent or Never, "
                    + "got " + executorImagePullPolicy);
        }
    }

    /** The worker's own pod: the downward API's name and uid, else the host name and no uid. */
    public ExecutorPodSettings.WorkerPod workerPod() {
        String name = workerPodName.isBlank() ? hostName() : workerPodName;
        return new ExecutorPodSettings.WorkerPod(name, workerPodUid.isBlank() ? null : workerPodUid);
    }

    /** A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
    private static String hostName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        String label = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        label = label.substring(0, Math.min(63, label.length())).replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return label.isEmpty() ? "worker" : label;
    }

    public static final String DEFAULT_RESOURCES =
            "{\"requests\":{\"cpu\":\"250m\",\"memory\":\"512Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}";
}
