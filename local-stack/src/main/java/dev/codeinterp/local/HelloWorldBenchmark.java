package dev.codeinterp.local;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures a warm-path hello world through the whole stack (HTTP → Kafka → worker → sandbox → back) against the floor
 * of running {@code python3 -c 'print(1)'} plainly and in bubblewrap, and the custom-tool endpoints: parsing (static,
 * in the api) and executing a small tool. Run with {@code scripts/bench.sh}.
 */
public final class HelloWorldBenchmark {

    private static final String TOOL = "import datetime\\ndef age(born: datetime.date, *, unit: str = \\\"years\\\") "
            + "-> int:\\n    \\\"\\\"\\\"How old.\\n    :param born: birth date\\n    \\\"\\\"\\\"\\n"
            + "    return datetime.date(2026, 1, 1).year - born.year";
    private static final Call HELLO = new Call("/v1/execute", "{\"chat_id\":\"bench\",\"source_code\":\"print(1)\"}",
            "\"stdout\":\"1\\n\"");
    private static final Call PARSE_TOOL = new Call("/v1/parse-custom-tool", "{\"tool_source_code\":\"" + TOOL + "\"}",
            "\"tool_name\":\"age\"");
    private static final Call EXECUTE_TOOL = new Call("/v1/execute-custom-tool", "{\"tool_source_code\":\"" + TOOL
            + "\",\"tool_input_json\":\"{\\\"born\\\": \\\"2000-05-01\\\"}\"}", "\"tool_output_json\":\"26\"");

    private static final Duration IDLE = Duration.ofSeconds(10);

    /** One request to time, and a piece of the response body that shows it worked. */
    private record Call(String path, String body, String expected) {
    }

    private HelloWorldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // args: [requests] [sequential-only]
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        report("python3 -c 'print(1)'", timeProcess(List.of("/usr/bin/python3", "-c", "print(1)"), 50));
        report("same in bubblewrap", timeProcess(List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc",
                "/proc", "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--clearenv", "--as-pid-1", "/usr/bin/python3", "-c", "print(1)"), 50));
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.forTests();
                LocalStack stack = LocalStack.start(infra, Map.of("app.http-listen-addr", "127.0.0.1:0"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create(stack.baseUrl());
            timeRequests(http, base, HELLO, Math.max(50, requests / 3));
            reportIdleCpu(IDLE);
            long cpuBefore = processCpuNanos();
            ThreadCpu threadsBefore = ThreadCpu.now();
            long from = System.currentTimeMillis();
            report("/v1/execute print(1), sequential", timeRequests(http, base, HELLO, requests));
            long cpu = processCpuNanos() - cpuBefore;
            reportCpuPerJob(cpu, requests, from, System.currentTimeMillis());
            ThreadCpu.now().printPerJobSince(threadsBefore, cpu, requests);
            if (args.length > 1 && args[1].equals("sequential-only")) {
                return;
            }
            report("/v1/execute print(1), 4 concurrent clients", timeConcurrent(http, base, HELLO, requests, 4));
            timeRequests(http, base, PARSE_TOOL, 200);
            report("/v1/parse-custom-tool, sequential", timeRequests(http, base, PARSE_TOOL, 1000));
            timeRequests(http, base, EXECUTE_TOOL, 20);
            report("/v1/execute-custom-tool, sequential", timeRequests(http, base, EXECUTE_TOOL, requests / 2));
        }
    }

    private static long[] timeRequests(HttpClient http, URI base, Call call, int count)
            throws IOException, InterruptedException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = timeOne(http, base, call);
        }
        return nanos;
    }

    private static long[] timeConcurrent(HttpClient http, URI base, Call call, int count, int clients)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                parts.add(pool.submit(() -> timeRequests(http, base, call, count / clients)));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> part : parts) {
                Arrays.stream(part.get()).forEach(all::add);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "  throughput with %d clients: %.1f executions/s%n", clients,
                    all.size() / seconds);
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdown();
        }
    }

    private static long timeOne(HttpClient http, URI base, Call call) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(call.path()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200 || !response.body().contains(call.expected())) {
            throw new IllegalStateException("Unexpected response " + response.statusCode() + ": " + response.body());
        }
        return elapsed;
    }

    private static long[] timeProcess(List<String> command, int count) throws IOException, InterruptedException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /**
     * CPU time of this whole JVM: the api, worker and janitor, and also the embedded Kafka broker, S3 server and this
     * benchmark's own HTTP client (redis-server and the sandboxes are other processes).
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** What the stack costs doing nothing: pollers, heartbeats, timers, sweeps. */
    private static void reportIdleCpu(Duration idle) throws InterruptedException {
        long cpuBefore = processCpuNanos();
        ThreadCpu threadsBefore = ThreadCpu.now();
        Thread.sleep(idle.toMillis());
        long cpu = processCpuNanos() - cpuBefore;
        System.out.printf(Locale.ROOT, "  JVM CPU when idle: %.2f ms per second (over %d s), by thread, per second:%n",
                cpu / 1e6 / idle.toSeconds(), idle.toSeconds());
        ThreadCpu.now().printPerJobSince(threadsBefore, cpu, (int) idle.toSeconds());
    }

    private static void reportCpuPerJob(long cpuNanos, int jobs, long fromEpochMs, long toEpochMs) {
        System.out.printf(Locale.ROOT, "  JVM CPU per job (sequential run, whole JVM): %.2f ms (load average %.2f; "
                + "epoch ms %d to %d), by thread:%n", cpuNanos / 1e6 / jobs,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), fromEpochMs, toEpochMs);
    }

    private static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-45s n=%-4d p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms%n", name,
                sorted.length, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))] / 1e6;
    }
}
