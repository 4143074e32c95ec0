package dev.codeinterp.local.bench;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.local.LocalStack;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Measures the targets of issue 12 through the whole embedded stack (HTTP → Kafka → worker → sandbox → back) against
 * the python3 floors measured in the same run: hello world and pandas+numpy back to back, hello-world throughput in a
 * closed loop at several client counts, and the custom-tool endpoints; then prints the targets met and missed (a miss
 * is reported, never a failure). Run with {@code scripts/bench.sh [requests]}; see {@link BenchSettings}. The stack
 * reads {@code APP_*} variables from the environment as usual, e.g. {@code APP_EXECUTOR_MODE}.
 */
public final class HelloWorldBenchmark {

    private static final String HELLO = "print(1)";
    private static final String PANDAS = "import pandas, numpy; print(1)";
    private static final String TOOL = "import datetime\n"
            + "def age(born: datetime.date, *, unit: str = \"years\") -> int:\n"
            + "    \"\"\"How old.\n    :param born: birth date\n    \"\"\"\n"
            + "    return datetime.date(2026, 1, 1).year - born.year";
    private static final StackClient.Call PARSE_TOOL = StackClient.post("/v1/parse-custom-tool",
            Map.of("tool_source_code", TOOL), "\"tool_name\":\"age\"");
    private static final StackClient.Call EXECUTE_TOOL = StackClient.post("/v1/execute-custom-tool",
            Map.of("tool_source_code", TOOL, "tool_input_json", "{\"born\": \"2000-05-01\"}"),
            "\"tool_output_json\":\"26\"");
    private static final int FLOOR_RUNS = 50;
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final int PANDAS_FLOOR_RUNS = 10;
    private static final int FORK_FLOOR_RUNS = 100;

    private final BenchSettings settings;
    private final BenchReport report;

    private HelloWorldBenchmark(BenchSettings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.from(args, BenchSettings::fromSystem);
        PrintStream report = System.out;
        // the stack's logs go to a file; stdout keeps the report
        Path logs = Files.createTempFile("bench-", ".log");
        PrintStream logFile = new PrintStream(new FileOutputStream(logs.toFile()), true, StandardCharsets.UTF_8);
        System.setOut(logFile);
        System.setErr(logFile);
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        report.println("logs: " + logs);
        try {
            new HelloWorldBenchmark(settings, new BenchReport(report)).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            report.println("The benchmark failed: " + e + " (see " + logs + ")");
            report.flush();
            System.exit(2);
        }
    }

    private void run() throws Exception {
        report.line("machine: %d cores, load average %s at start", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        report.line("settings: %d sequential requests, %d pandas requests, closed loop %s clients, %.1f s each after "
                + "%.1f s of warm-up", settings.requests(), settings.pandasRequests(), settings.clients(),
                settings.window().toMillis() / 1000.0, settings.warmUp().toMillis() / 1000.0);
        report.line("APP_* environment: %s", AppEnvironment.describe(System.getenv()));
        double floor = floors();
        Optional<Percentiles> pandasFloor = pandasFloor();
        Targets.Figures figures;
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.forTests();
                LocalStack stack = LocalStack.start(infra, Map.of("app.http-listen-addr", "127.0.0.1:0"))) {
            report.line("executor mode: %s", stack.workerBean(Environment.class)
                    .getProperty("app.executor-mode", "not set (the worker's default)"));
            figures = throughStack(new StackClient(stack.baseUrl()), floor, pandasFloor.isPresent());
        }
        // the machine may have got busier or quieter meanwhile: the reference floor once more, for comparison only
        report.latency("python3 -S -c 'print(1)' again, at the end",
                ProcessFloor.time(ProcessFloor.PYTHON_NO_SITE, FLOOR_RUNS));
        report.line("load average %s at end", loadAverage());
        report.line("");
        report.summary(Targets.evaluate(figures));
    }

    /** The python3 floors; returns the reference: p50 of {@code python3 -S -c 'print(1)'}. */
    private double floors() throws IOException, InterruptedException {
        report.latency("python3 -c 'print(1)'", ProcessFloor.time(ProcessFloor.PYTHON, FLOOR_RUNS));
        Percentiles noSite = ProcessFloor.time(ProcessFloor.PYTHON_NO_SITE, FLOOR_RUNS);
        report.latency("python3 -S -c 'print(1)' (the reference floor)", noSite);
        report.latency("python3 -c 'print(1)' in bubblewrap", ProcessFloor.time(ProcessFloor.BWRAP_PYTHON, FLOOR_RUNS));
        report.latency("python3 -S -c 'print(1)' in bubblewrap",
                ProcessFloor.time(ProcessFloor.BWRAP_PYTHON_NO_SITE, FLOOR_RUNS));
        forkFloor();
        return noSite.millis(0.50);
    }

    /** What forking the zygote's template costs alone: every job pays it once, so it bounds the throughput. */
    private void forkFloor() throws IOException, InterruptedException {
        ForkFloor.Figures fork = ForkFloor.measure(FORK_FLOOR_RUNS, ForkFloor.ZYGOTE_PRELOAD);
        int cores = Runtime.getRuntime().availableProcessors();
        report.line("fork of a python3 that preloaded %s (%d MiB), print(1) in the child, nothing else: n=%d p50 %.1f "
                + "ms, CPU %.1f ms per fork (parent and child): at most %.0f forks/s on %d cores doing nothing else",
                fork.preloaded(), fork.rssMib(), fork.forks(), fork.p50Ms(), fork.cpuMs(),
                fork.ceilingPerSecond(cores), cores);
    }

    private Optional<Percentiles> pandasFloor() throws IOException, InterruptedException {
        if (!ProcessFloor.succeeds(ProcessFloor.PANDAS)) {
            report.line("python3 -c 'import pandas, numpy': skipped, pandas or numpy is not importable");
            return Optional.empty();
        }
        Percentiles pandas = ProcessFloor.time(ProcessFloor.PANDAS, PANDAS_FLOOR_RUNS);
        report.latency("python3 -c 'import pandas, numpy; print(1)'", pandas);
        return Optional.of(pandas);
    }

    private Targets.Figures throughStack(StackClient api, double floor, boolean withPandas) throws Exception {
        StackClient.Call hello = StackClient.execute("bench", HELLO, "1\n");
        api.sequential(hello, Math.max(50, settings.requests() / 3));
        reportIdleCpu();
        long jvmBefore = jvmCpuNanos();
        long machineBefore = machineBusyTicks();
        ThreadCpu threadsBefore = ThreadCpu.now();
        StackClient.Timings helloTimes = api.sequential(hello, settings.requests());
        long jvm = jvmCpuNanos() - jvmBefore;
        double machineMs = (machineBusyTicks() - machineBefore) * 10.0 / settings.requests();
        report.againstFloor("/v1/execute print(1), sequential", helloTimes, floor);
        report.line("  CPU per job: JVM %.1f ms (api, worker, janitor, embedded broker and S3, this client), whole "
                + "machine %.1f ms (also redis-server and the sandboxes, and whatever else runs: load average %s); "
                + "the JVM by thread:", jvm / 1e6 / settings.requests(), machineMs, loadAverage());
        ThreadCpu.now().printPerJobSince(threadsBefore, jvm, settings.requests(), report);
        Optional<Percentiles> pandas = Optional.empty();
        if (withPandas) {
            StackClient.Call call = StackClient.execute("bench", PANDAS, "1\n");
            api.sequential(call, 3);
            StackClient.Timings pandasTimes = api.sequential(call, settings.pandasRequests());
            report.againstFloor("/v1/execute import pandas, numpy, sequential", pandasTimes, floor);
            pandas = Optional.of(pandasTimes.latencies());
        }
        List<LoadResult> loads = closedLoops(api);
        api.sequential(PARSE_TOOL, 200);
        report.latency("/v1/parse-custom-tool, sequential", api.sequential(PARSE_TOOL, 1000));
        api.sequential(EXECUTE_TOOL, 20);
        report.latency("/v1/execute-custom-tool, sequential",
                api.sequential(EXECUTE_TOOL, Math.max(1, settings.requests() / 2)));
        return new Targets.Figures(floor, helloTimes.latencies(), pandas, loads);
    }

    /** Hello world at each client count; each client is a chat of its own, as separate users would be. */
    private List<LoadResult> closedLoops(StackClient api) throws InterruptedException {
        List<StackClient.Call> calls = new ArrayList<>();
        int most = settings.clients().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int c = 0; c < most; c++) {
            calls.add(StackClient.execute("bench-" + c, HELLO, "1\n"));
        }
        LoadRun.Request request = client -> api.time(calls.get(client));
        List<LoadResult> loads = new ArrayList<>();
        for (int clients : settings.clients()) {
            if (!settings.warmUp().isZero()) {
                new LoadRun(clients, settings.warmUp()).run(request);
            }
            LoadResult result = new LoadRun(clients, settings.window()).run(request);
            report.load(result);
            loads.add(result);
        }
        return loads;
    }

    /** What the stack costs doing nothing: pollers, heartbeats, timers, sweeps. */
    private void reportIdleCpu() throws InterruptedException {
        long before = jvmCpuNanos();
        ThreadCpu threadsBefore = ThreadCpu.now();
        Thread.sleep(IDLE.toMillis());
        long cpu = jvmCpuNanos() - before;
        report.line("  JVM CPU when idle: %.2f ms per second (over %d s); by thread, per second:",
                cpu / 1e6 / IDLE.toSeconds(), IDLE.toSeconds());
        ThreadCpu.now().printPerJobSince(threadsBefore, cpu, (int) IDLE.toSeconds(), report);
    }

    /** CPU time of this whole JVM: the services, the embedded broker and S3 server, this benchmark's client. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Busy CPU time of the whole machine so far, in ticks of 10 ms ({@code /proc/stat}: all but idle and iowait). */
    private static long machineBusyTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int field = 1; field <= 8 && field < cpu.length; field++) {
            if (field != 4 && field != 5) {
                busy += Long.parseLong(cpu[field]);
            }
        }
        return busy;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
