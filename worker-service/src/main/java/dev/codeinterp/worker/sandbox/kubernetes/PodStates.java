package dev.codeinterp.worker.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;

/** Reads what the pool needs from a pod's status. */
final class PodStates {

    private PodStates() {
    }

    /** Running, Ready, with an address, and not being deleted: its agent accepts a job at once. */
    static boolean isReady(Pod pod) {
        PodStatus status = pod.getStatus();
        return pod.getMetadata().getDeletionTimestamp() == null && status != null && status.getPodIP() != null
                && "Running".equals(status.getPhase()) && conditions(status).stream()
                        .anyMatch(condition -> "Ready".equals(condition.getType())
                                && "True".equals(condition.getStatus()));
    }

    /** Its container has ended (restartPolicy Never: it never runs again). */
    static boolean hasEnded(Pod pod) {
        PodStatus status = pod.getStatus();
        return status != null && ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase()));
    }

    static Instant createdAt(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null ? Instant.MAX : Instant.parse(created);
    }

    /** For failure messages: how the pod's container ended, or its phase. */
    static String describe(Pod pod) {
        if (pod == null) {
            return "deleted";
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return "no status";
        }
        for (ContainerStatus container : status.getContainerStatuses() == null ? List.<ContainerStatus>of()
                : status.getContainerStatuses()) {
            ContainerStateTerminated ended = container.getState() == null ? null
                    : container.getState().getTerminated();
            if (ended != null) {
                return "container ended with exit code " + ended.getExitCode()
                        + (ended.getReason() == null ? "" : " (" + ended.getReason() + ")");
            }
        }
        return "phase " + status.getPhase() + (pod.getMetadata().getDeletionTimestamp() == null ? "" : ", deleting");
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }
}
