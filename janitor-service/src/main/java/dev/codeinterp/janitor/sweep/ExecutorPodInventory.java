package dev.codeinterp.janitor.sweep;

import java.util.List;

/** The executor pods of the Kubernetes backend and the worker pods that own them, in one namespace. */
public interface ExecutorPodInventory {

    /** Every executor pod that is not already being deleted. */
    List<ExecutorPod> executorPods();

    /** Whether the worker pod of that name still exists and has not ended (a terminating worker still counts). */
    boolean workerAlive(String workerPodName);

    /** Deletes the executor pod; returns false when it was already gone, which is not an error. */
    boolean delete(String podName);
}
