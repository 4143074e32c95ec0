package dev.codeinterp.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of each live thread of this JVM from {@code /proc/self/task}, native threads included (JIT
 * compilers, GC, the threads of the embedded broker), for a benchmark's breakdown; Linux only. Threads are grouped by
 * their native name (15 characters at most) with digits folded, so that pools count as one.
 */
final class ThreadCpu {

    private static final double TICKS_PER_MS = 100 / 1000.0; // USER_HZ is 100 on Linux

    private final Map<Long, String> names;
    private final Map<Long, Long> ticks;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> ticks) {
        this.names = names;
        this.ticks = ticks;
    }

    /** The CPU time so far of every live thread. */
    static ThreadCpu now() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    long tid = Long.parseLong(task.getFileName().toString());
                    // fields from the state on: utime and stime are the 12th and 13th
                    ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    names.put(tid, stat.substring(stat.indexOf('(') + 1, close).replaceAll("\\d+", "#"));
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            });
        } catch (IOException e) {
            return new ThreadCpu(Map.of(), Map.of());
        }
        return new ThreadCpu(names, ticks);
    }

    /**
     * Prints, per thread group, the CPU used since {@code before} divided by {@code jobs} (or seconds); what threads
     * that ended in between used is the rest of {@code processCpuNanos}.
     */
    void printPerJobSince(ThreadCpu before, long processCpuNanos, int jobs, BenchReport report) {
        Map<String, Long> byGroup = new HashMap<>();
        ticks.forEach((tid, now) -> byGroup.merge(names.get(tid), now - before.ticks.getOrDefault(tid, 0L), Long::sum));
        long counted = byGroup.values().stream().mapToLong(Long::longValue).sum();
        byGroup.put("(threads that ended meanwhile)", Math.max(0, Math.round(processCpuNanos / 1e6 * TICKS_PER_MS)
                - counted));
        byGroup.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                .forEach(e -> report.line("    %6.2f ms  %s", e.getValue() / TICKS_PER_MS / jobs, e.getKey()));
    }
}
