package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service (api, worker) run as a JVM of its own, its {@code main} given the properties as {@code -D} options. Its
 * output goes to a log file, never to this JVM's streams (a child holding them makes Maven wait forever).
 */
final class ServiceJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with the test class path; its output goes to {@code <log dir>/<main class>.log}. */
    static ServiceJvm start(Class<?> mainClass, Map<String, String> properties, Path logDir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1"));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), mainClass.getName()));
        Path log = logDir.resolve(mainClass.getSimpleName() + "-" + System.nanoTime() + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new ServiceJvm(mainClass.getSimpleName(), process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass.getName(), e);
        }
    }

    /** Waits for Spring Boot's "Started ..." line; fails, with the log, if the JVM exits first. */
    ServiceJvm awaitStarted() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> liveLog().contains("Started " + name));
        return this;
    }

    /** The log so far, asserting that the JVM still runs (with the log as the failure message). */
    String liveLog() {
        String text = log();
        assertThat(process.isAlive()).as("%s is up; its log:%n%s", name, text).isTrue();
        return text;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    /** SIGKILL, as a crash: the JVM runs no shutdown hook; the processes it started are killed too. */
    void kill() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly().waitFor();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, as a rolling deploy: waits for the JVM to exit. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
