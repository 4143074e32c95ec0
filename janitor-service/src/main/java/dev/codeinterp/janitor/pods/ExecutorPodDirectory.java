package dev.codeinterp.janitor.pods;

import java.util.List;
import java.util.Set;

/** Port: the executor pods of the cluster, and whether the worker pods that own them still exist. */
public interface ExecutorPodDirectory {

    /** Every executor pod of the namespace. */
    List<ExecutorPod> executorPods();

    /** Of {@code workers}, the names of worker pods that exist. */
    Set<String> existingWorkers(Set<String> workers);

    /** Deletes the pod at once; a pod that is already gone is not an error. */
    void delete(String podName);
}
