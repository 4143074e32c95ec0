package dev.codeinterp.janitor.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An {@link ExecutorPodInventory} in memory that counts how often each worker is looked up. */
public final class InMemoryExecutorPodInventory implements ExecutorPodInventory {

    private final Map<String, ExecutorPod> pods = new LinkedHashMap<>();
    private final Set<String> workers = new HashSet<>();
    private final Map<String, Integer> workerLookups = new HashMap<>();

    public InMemoryExecutorPodInventory withWorker(String name) {
        workers.add(name);
        return this;
    }

    public InMemoryExecutorPodInventory withPod(ExecutorPod pod) {
        pods.put(pod.name(), pod);
        return this;
    }

    public void removeWorker(String name) {
        workers.remove(name);
    }

    public Set<String> podNames() {
        return Set.copyOf(pods.keySet());
    }

    public int lookupsOf(String worker) {
        return workerLookups.getOrDefault(worker, 0);
    }

    @Override
    public List<ExecutorPod> executorPods() {
        return new ArrayList<>(pods.values());
    }

    @Override
    public boolean workerAlive(String workerPodName) {
        workerLookups.merge(workerPodName, 1, Integer::sum);
        return workers.contains(workerPodName);
    }

    @Override
    public boolean delete(String podName) {
        return pods.remove(podName) != null;
    }
}
