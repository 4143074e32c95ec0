package dev.codeinterp.local.faults;

import dev.codeinterp.common.infra.redis.JobKeys;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.janitor.JanitorApplication;
import dev.codeinterp.local.LocalStack;
import dev.codeinterp.local.bench.Percentiles;
import dev.codeinterp.local.bench.ProcessFloor;
import dev.codeinterp.local.faults.TrackedJob.Kind;
import dev.codeinterp.local.faults.WorkerFleet.Kill;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Mixed sync and async load on an api (in this JVM) and worker JVMs, one of which is killed with SIGKILL while it
 * runs a program at every interval and replaced by a fresh one; then counts the jobs lost and the jobs run more than
 * once (both should be 0). Run with {@code scripts/bench-faults.sh [minutes] [workers] [sync clients] [async
 * clients]}; exits 1 when a job was lost or duplicated. Logs go to a directory of their own, named in the report.
 *
 * <p>System properties: {@code bench.kill-interval-seconds} (60), {@code bench.drain-seconds} (180: how long jobs
 * still running when the load stops may take to end), {@code bench.seed}.
 */
public final class FaultLoadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(FaultLoadBenchmark.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);

    private final Duration load;
    private final int workers;
    private final int syncClients;
    private final int asyncClients;
    private final Duration killEvery = Duration.ofSeconds(Long.getLong("bench.kill-interval-seconds", 60));
    private final Duration drain = Duration.ofSeconds(Long.getLong("bench.drain-seconds", 180));
    private final long seed = Long.getLong("bench.seed", System.nanoTime());
    private final Path runDir;
    private final JobLedger ledger = new JobLedger();

    FaultLoadBenchmark(Duration load, int workers, int syncClients, int asyncClients, Path runDir) {
        this.load = load;
        this.workers = workers;
        this.syncClients = syncClients;
        this.asyncClients = asyncClients;
        this.runDir = runDir;
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int sync = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int async = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (workers < 2) {
            throw new IllegalArgumentException("At least 2 workers: one is killed while the others carry on");
        }
        Path runDir = Files.createTempDirectory("bench-faults-");
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrintStream report = System.out;
        // this JVM's own logs (infrastructure, api, janitor) go to a file; stdout keeps the report
        PrintStream logFile = new PrintStream(new FileOutputStream(runDir.resolve("api.log").toFile()), true);
        System.setOut(logFile);
        System.setErr(logFile);
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        report.println("Running; logs in " + runDir);
        Result result;
        try {
            result = new FaultLoadBenchmark(Duration.ofMillis(Math.round(minutes * 60_000)), workers, sync, async,
                    runDir).run();
        } catch (Exception | Error e) {
            log.error("The benchmark failed", e);
            report.println("The benchmark failed: " + e + " (see " + runDir.resolve("api.log") + ")");
            report.flush();
            System.exit(2);
            return;
        }
        report.print(result.table());
        report.flush();
        System.exit(result.clean() ? 0 : 1);
    }

    /** The table, and whether no job was lost or duplicated. */
    record Result(String table, boolean clean) {
    }

    Result run() throws Exception {
        Percentiles python = ProcessFloor.time(ProcessFloor.PYTHON, 30);
        Percentiles bwrap = ProcessFloor.time(ProcessFloor.BWRAP_PYTHON, 30);
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.forTests()) {
            ConfigurableApplicationContext api = LocalStack.startApiReplica(infra,
                    Map.of("app.http-listen-addr", "127.0.0.1:0"));
            ConfigurableApplicationContext janitor = JanitorApplication.builder().registerShutdownHook(false)
                    .run(arguments(infra.springProperties()));
            try (WorkerFleet fleet = new WorkerFleet(runDir, workerProperties(infra), seed)) {
                return underLoad(new BenchHttp(LocalStack.baseUrlOf(api)), fleet,
                        api.getBean(StringRedisTemplate.class), python, bwrap);
            } finally {
                janitor.close();
                api.close();
            }
        }
    }

    private Result underLoad(BenchHttp http, WorkerFleet fleet, StringRedisTemplate redis, Percentiles python,
            Percentiles bwrap) throws Exception {
        for (int i = 0; i < workers; i++) {
            fleet.start();
        }
        fleet.awaitReady(Duration.ofMinutes(3));
        String loadStart = loadAverage();
        LoadClients clients = new LoadClients(http, ledger);
        Instant loadEnd = Instant.now().plus(load);
        clients.start(syncClients, asyncClients, seed);
        List<Kill> kills = new ArrayList<>();
        int skipped = 0;
        // the first kill half an interval in, so that N minutes of load see N kills
        for (Instant next = Instant.now().plus(killEvery.dividedBy(2)); next.isBefore(loadEnd);
                next = next.plus(killEvery)) {
            sleepUntil(next);
            Optional<Kill> kill = fleet.killOneRunningAProgram(KILL_WAIT);
            if (kill.isPresent()) {
                kills.add(kill.get());
                log.info("Killed worker {} ({} of its processes outlived it)", kill.get().worker(),
                        kill.get().survivors());
            } else {
                skipped++;
            }
            fleet.start();
        }
        sleepUntil(loadEnd);
        String loadEndAverage = loadAverage();
        Instant drainStart = Instant.now();
        Instant giveUp = drainStart.plus(drain);
        clients.stop(giveUp);
        clients.awaitStopped();
        awaitEnds(http, giveUp);
        readAttempts(redis);
        Duration drained = Duration.between(drainStart, Instant.now());
        Map<String, Integer> completions = CompletionLog.count(fleet.logs());
        KindTally sync = ledger.tally(Kind.SYNC, id -> completions.getOrDefault(id, 0));
        KindTally async = ledger.tally(Kind.ASYNC, id -> completions.getOrDefault(id, 0));
        RunFacts facts = new RunFacts(load, workers, syncClients, asyncClients, killEvery, kills.size(), skipped,
                kills.stream().mapToLong(Kill::survivors).sum(), fleet.started(), drained,
                Runtime.getRuntime().availableProcessors(), List.of(loadStart, loadEndAverage), python, bwrap,
                runDir);
        String table = ReportTable.render(facts, sync, async, new Percentiles(ledger.syncLatencies()));
        boolean clean = sync.lost() + async.lost() + sync.duplicated() + async.duplicated() == 0;
        return new Result(table, clean);
    }

    /** Reads every accepted job until it has ended (or the drain is over), and records that last sight of it. */
    private void awaitEnds(BenchHttp http, Instant giveUp) throws InterruptedException {
        for (TrackedJob job : ledger.accepted()) {
            Observation seen = observe(http, job);
            while (!seen.isTerminal() && Instant.now().isBefore(giveUp)) {
                Thread.sleep(POLL.toMillis());
                seen = observe(http, job);
            }
            job.observe(seen);
        }
    }

    private static Observation observe(BenchHttp http, TrackedJob job) throws InterruptedException {
        try {
            return http.observe(job);
        } catch (IOException e) {
            log.warn("Could not read job {}: {}", job.jobId(), e.toString());
            return new Observation("io", "", false);
        }
    }

    private void readAttempts(StringRedisTemplate redis) {
        for (TrackedJob job : ledger.accepted()) {
            Object attempt = redis.opsForHash().get(JobKeys.record(job.jobId()), "attempt");
            job.attempt(attempt == null ? 0 : Integer.parseInt(attempt.toString()));
        }
    }

    private static Map<String, String> workerProperties(EmbeddedInfrastructure infra) {
        Map<String, String> properties = new LinkedHashMap<>(infra.springProperties());
        properties.put("app.executor-backend", "local");
        properties.put("app.file-size-limit", "64Mi");
        return properties;
    }

    private static String[] arguments(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
