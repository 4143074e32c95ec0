package dev.codeinterp.common.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test double of {@link LiveOutput}: positions are {@code 1-<n>}, counted per job. */
public final class InMemoryLiveOutput implements LiveOutput {

    private final Map<String, List<OutputChunk>> logs = new ConcurrentHashMap<>();

    @Override
    public void append(String jobId, int attempt, OutputChunk.Stream stream, String text) {
        List<OutputChunk> log = logs.computeIfAbsent(jobId, id -> new ArrayList<>());
        synchronized (log) {
            log.add(new OutputChunk("1-" + (log.size() + 1), attempt, stream, text));
        }
    }

    @Override
    public List<OutputChunk> readAfter(String jobId, String after, int max) {
        if (!POSITION.matcher(after).matches()) {
            throw new IllegalArgumentException("Not a live output position: " + after);
        }
        List<OutputChunk> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            return log.stream().filter(chunk -> isAfter(chunk.position(), after)).limit(max).toList();
        }
    }

    private static boolean isAfter(String position, String other) {
        long[] a = parts(position);
        long[] b = parts(other);
        return a[0] != b[0] ? a[0] > b[0] : a[1] > b[1];
    }

    private static long[] parts(String position) {
        int dash = position.indexOf('-');
        return new long[] {Long.parseLong(position.substring(0, dash)), Long.parseLong(position.substring(dash + 1))};
    }
}
