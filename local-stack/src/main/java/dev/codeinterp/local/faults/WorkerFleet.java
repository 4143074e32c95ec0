package dev.codeinterp.local.faults;

import dev.codeinterp.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker JVMs on the benchmark's broker, Redis and S3, each logging to its own file, with its own sandbox host uids
 * and runtime directory. A worker is killed with SIGKILL while it runs a program, and a fresh one replaces it.
 */
final class WorkerFleet implements AutoCloseable {

    /** A worker JVM and its log. */
    record Worker(int index, Process process, Path log) {

        /** Whether one of its sandboxes runs a sleeping program now (its sleep process, seen from the host). */
        boolean runsAProgram() {
            return process.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep"));
        }

        boolean isReady() {
            try {
                return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1)
                        .contains("Started WorkerApplication");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A kill: which worker, and how many of its processes outlived it. */
    record Kill(int worker, long survivors) {
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerFleet.class);
    private static final int UID_BASE = 300_000;
    private static final int UIDS_PER_WORKER = 1_000;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path dir;
    private final Map<String, String> properties;
    private final List<Worker> alive = new CopyOnWriteArrayList<>();
    private final List<Path> logs = new CopyOnWriteArrayList<>();
    private final Random random;
    private int started;

    /** @param properties the Spring properties of every worker (infrastructure and settings) */
    WorkerFleet(Path dir, Map<String, String> properties, long seed) {
        this.dir = dir;
        this.properties = properties;
        this.random = new Random(seed);
    }

    synchronized Worker start() throws IOException {
        int index = started++;
        Path runtime = dir.resolve("worker-" + index + "-runtime");
        Files.createDirectories(runtime);
        // its sandboxes run as uids of their own and reach the agent's files through this directory
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("app.executor-host-uid-base", Integer.toString(UID_BASE + UIDS_PER_WORKER * index));
        all.put("app.executor-runtime-dir", runtime.toString());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        all.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(mainClass());
        Path log = dir.resolve("worker-" + index + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Worker worker = new Worker(index, process, log);
        alive.add(worker);
        logs.add(log);
        return worker;
    }

    /** How many workers were started, replacements included. */
    synchronized int started() {
        return started;
    }

    List<Path> logs() {
        return List.copyOf(logs);
    }

    /** Waits until every live worker has started its application. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!alive.stream().allMatch(Worker::isReady)) {
            for (Worker worker : alive) {
                if (!worker.process().isAlive()) {
                    throw new IllegalStateException("Worker " + worker.index() + " exited; see " + worker.log());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Workers not ready within " + timeout + "; see " + dir);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Kills with SIGKILL a worker that runs a program, waiting up to {@code wait} for one to; empty when none did.
     * Processes of the worker still alive a moment later are counted, then killed.
     */
    Optional<Kill> killOneRunningAProgram(Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            List<Worker> busy = alive.stream().filter(Worker::runsAProgram).toList();
            if (!busy.isEmpty()) {
                return Optional.of(kill(busy.get(random.nextInt(busy.size()))));
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }

    private Kill kill(Worker worker) throws InterruptedException {
        List<ProcessHandle> descendants = worker.process().descendants().toList();
        worker.process().destroyForcibly();
        worker.process().waitFor();
        alive.remove(worker);
        Thread.sleep(2_000); // bubblewrap's --die-with-parent needs a moment
        List<ProcessHandle> survivors = descendants.stream().filter(ProcessHandle::isAlive).toList();
        survivors.forEach(p -> log.warn("A process of killed worker {} outlived it: {}", worker.index(),
                p.info().commandLine().orElse("pid " + p.pid())));
        descendants.forEach(ProcessHandle::destroyForcibly);
        return new Kill(worker.index(), survivors.size());
    }

    @Override
    public void close() {
        for (Worker worker : alive) {
            worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.process().destroyForcibly();
        }
        alive.clear();
    }

    /** The worker's main class: through Spring Boot's launcher when this runs from the packaged jar. */
    private static List<String> mainClass() {
        String classPath = System.getProperty("java.class.path");
        String loaderMain = System.getProperty("loader.main");
        return loaderMain == null ? List.of("-cp", classPath, WorkerApplication.class.getName())
                : List.of("-cp", classPath, "-Dloader.main=" + WorkerApplication.class.getName(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher");
    }
}
