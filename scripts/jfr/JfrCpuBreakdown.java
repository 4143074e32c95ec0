import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU went, by thread group, by the package of the top frame, and by top method, from the
 * execution samples (Java code running) between two instants; and per thread group from jdk.ThreadCPULoad (which
 * counts native code too). Usage: {@code java scripts/jfr/JfrCpuBreakdown.java rec.jfr [fromEpochMs toEpochMs]}.
 */
public class JfrCpuBreakdown {

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        Instant from = args.length > 2 ? Instant.ofEpochMilli(Long.parseLong(args[1])) : Instant.MIN;
        Instant to = args.length > 2 ? Instant.ofEpochMilli(Long.parseLong(args[2])) : Instant.MAX;
        Map<String, Integer> byGroup = new HashMap<>();
        Map<String, Integer> byPackage = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Integer> byInclusive = new HashMap<>();
        Map<String, Double> cpuByGroup = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : events) {
            if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                byGroup.merge(group(thread), 1, Integer::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame top = stack.getFrames().get(0);
                String cls = top.getMethod().getType().getName();
                byPackage.merge(pkg(cls), 1, Integer::sum);
                byMethod.merge(cls + "." + top.getMethod().getName(), 1, Integer::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String c = frame.getMethod().getType().getName();
                    for (String marker : MARKERS) {
                        if (c.startsWith(marker) && seen.add(marker)) {
                            byInclusive.merge(marker, 1, Integer::sum);
                        }
                    }
                }
            } else if (type.equals("jdk.ThreadCPULoad")) {
                String thread = event.getThread("eventThread") == null ? "?" : event.getThread("eventThread").getJavaName();
                cpuByGroup.merge(group(thread), event.getFloat("user") + (double) event.getFloat("system"), Double::sum);
            }
        }
        System.out.println("execution samples: " + samples);
        print("by thread group", byGroup, samples, 30);
        print("by top-frame package", byPackage, samples, 30);
        print("by top-frame method", byMethod, samples, 40);
        print("inclusive (a frame of the package anywhere on the stack)", byInclusive, samples, 40);
        System.out.println("\njdk.ThreadCPULoad, summed per group (CPU fraction x samples; relative only)");
        double total = cpuByGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        cpuByGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(30)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100 * e.getValue() / total, e.getKey()));
    }

    private static final List<String> MARKERS = List.of("dev.codeinterp.api", "dev.codeinterp.worker",
            "dev.codeinterp.janitor", "dev.codeinterp.common", "dev.codeinterp.embedded", "dev.codeinterp.local",
            "kafka.", "org.apache.kafka.clients", "org.apache.kafka.common", "org.apache.kafka.server",
            "org.apache.kafka.storage", "org.apache.kafka.raft", "org.apache.kafka.controller",
            "org.apache.kafka.coordinator", "org.springframework.kafka", "org.gaul", "org.eclipse.jetty",
            "software.amazon", "io.minio", "okhttp3", "io.netty", "reactor", "org.springframework.web",
            "org.springframework.http", "tools.jackson", "com.fasterxml.jackson", "io.lettuce", "ch.qos.logback",
            "org.slf4j", "java.lang.ProcessImpl", "java.lang.ProcessBuilder", "java.lang.ProcessHandleImpl",
            "jdk.internal.net.http", "sun.nio.fs", "java.util.regex", "java.lang.reflect", "jdk.internal.reflect",
            "java.security", "javax.crypto", "sun.security");

    private static String group(String thread) {
        return thread.replaceAll("\\d+", "#");
    }

    private static String pkg(String cls) {
        String[] parts = cls.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length - 1, 3)));
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("\n" + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(),
                        e.getKey()));
    }
}
