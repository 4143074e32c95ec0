package dev.codeinterp.worker.sandbox.kubernetes;

import java.time.Duration;
import java.util.List;

/**
 * What the executor pods of one worker look like.
 *
 * @param namespace          where the pods live
 * @param namePrefix         pod names start with it
 * @param image              the executor image (agent in TCP mode)
 * @param imagePullPolicy    the image's pull policy
 * @param agentPort          TCP port of the agent
 * @param containerResources JSON resource requirements of the container
 * @param podSpecExtra       JSON merged into the pod spec
 * @param workspaceBytes     size limit of {@code /workspace}
 * @param tmpBytes           size limit of {@code /tmp}
 * @param worker             the worker that owns the pods: its pod name, and uid (null = no ownerReference)
 * @param targetReady        warm pods this worker keeps
 * @param readyTimeout       how long a new pod may take to become ready before it is replaced
 * @param preload            modules the agent's launcher imports before the pod is ready (AGENT_PRELOAD)
 * @param packageClaim       the claim holding the package store, mounted read-only (its {@code store/}) at
 *                           {@link dev.codeinterp.worker.sandbox.SandboxPool#PACKAGES_MOUNT}; empty = none
 */
public record ExecutorPodSettings(String namespace, String namePrefix, String image, String imagePullPolicy,
        int agentPort, String containerResources, String podSpecExtra, long workspaceBytes, long tmpBytes,
        WorkerPod worker, int targetReady, Duration readyTimeout, List<String> preload, String packageClaim) {

    public ExecutorPodSettings {
        preload = List.copyOf(preload);
        packageClaim = packageClaim == null ? "" : packageClaim.strip();
    }

    /** Pods without the package store. */
    public ExecutorPodSettings(String namespace, String namePrefix, String image, String imagePullPolicy,
            int agentPort, String containerResources, String podSpecExtra, long workspaceBytes, long tmpBytes,
            WorkerPod worker, int targetReady, Duration readyTimeout, List<String> preload) {
        this(namespace, namePrefix, image, imagePullPolicy, agentPort, containerResources, podSpecExtra,
                workspaceBytes, tmpBytes, worker, targetReady, readyTimeout, preload, "");
    }

    /** The worker pod that creates and leases executor pods; {@code uid} is null outside a cluster. */
    public record WorkerPod(String name, String uid) {
    }
}
