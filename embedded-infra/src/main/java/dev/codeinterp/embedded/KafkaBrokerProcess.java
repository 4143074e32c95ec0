package dev.codeinterp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft, combined broker and controller) run as a child JVM from the Kafka jars on this
 * JVM's class path, on a fixed port and a data directory that outlive it: {@link #stop()} and {@link #start()} again
 * give the same broker, with its topics, messages and committed offsets, at the same address. For fault tests that
 * restart the broker under clients that keep running; {@link KafkaBroker} (in this JVM, random port) cannot restart.
 *
 * <p>The child's output goes to {@code broker.log} in the data directory, never to this JVM's own streams.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private Process process;

    private KafkaBrokerProcess(int port, int controllerPort, Path dataDir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "kafka-broker-" + port + "-shutdown"));
    }

    /**
     * Formats a new cluster in {@code dataDir} and starts it on free ports.
     *
     * @param dataDir           an empty or missing directory for the logs, settings and output of the broker
     * @param defaultPartitions partitions of auto-created topics
     * @return the running broker
     */
    public static KafkaBrokerProcess start(Path dataDir, int defaultPartitions) {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(LocalPorts.freePort(), LocalPorts.freePort(),
                dataDir.toAbsolutePath());
        broker.writeSettings(defaultPartitions);
        broker.format();
        broker.start();
        return broker;
    }

    /** Starts the broker (again) on its port and data directory, and waits until it serves metadata. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The broker already runs: " + this);
        }
        long startNanos = System.nanoTime();
        process = launch("kafka.Kafka", "broker.log", true);
        awaitReady(startNanos + STARTUP_TIMEOUT.toNanos());
        log.info("Kafka broker process (pid {}) ready at {} in {} ms", process.pid(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Stops the broker with SIGTERM (a clean shutdown), killing it if it takes longer than 30 s. Idempotent. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka broker (pid {}) ignored SIGTERM for {} s; killing it", process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("Kafka broker process at {} stopped", bootstrapServers());
    }

    /** @return whether the broker process runs */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the {@code host:port} clients bootstrap from, the same across restarts */
    public String bootstrapServers() {
        return LocalPorts.LOOPBACK + ":" + port;
    }

    /** @return the directory of the broker's logs, settings and output */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker; the data directory stays. */
    @Override
    public void close() {
        stop();
    }

    private void writeSettings(int defaultPartitions) {
        Properties settings = new Properties();
        settings.putAll(KafkaBroker.brokerProperties(defaultPartitions));
        settings.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", "1",
                "controller.quorum.voters", "1@" + LocalPorts.LOOPBACK + ":" + controllerPort,
                "listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port + ",CONTROLLER://" + LocalPorts.LOOPBACK
                        + ":" + controllerPort,
                "advertised.listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port,
                "controller.listener.names", "CONTROLLER",
                "inter.broker.listener.name", "PLAINTEXT",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs", dataDir.resolve("logs").toString()));
        try {
            Files.createDirectories(dataDir);
            try (var out = Files.newBufferedWriter(serverProperties(), StandardCharsets.UTF_8)) {
                settings.store(out, "single-node KRaft broker for tests");
            }
            Files.writeString(dataDir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the broker's settings in " + dataDir, e);
        }
    }

    private void format() {
        Process formatting = launch("kafka.tools.StorageTool", "format.log", false, "format", "-t",
                Uuid.randomUuid().toString(), "-c", serverProperties().toString());
        try {
            if (!formatting.waitFor(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("Formatting the broker's storage failed; see "
                        + dataDir.resolve("format.log"));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            formatting.destroyForcibly();
            throw new IllegalStateException("Interrupted while formatting the broker's storage", e);
        }
    }

    private Process launch(String mainClass, String logName, boolean withArgsFile, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dataDir.resolve("logback.xml"),
                "-cp", classPath(), mainClass));
        if (withArgsFile) {
            command.add(serverProperties().toString());
        }
        command.addAll(List.of(extraArgs));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(logName).toFile())).start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass, e);
        }
    }

    /** This JVM's class path, which holds the Kafka jars (under Maven's test plug-ins, their full test class path). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private void awaitReady(long deadlineNanos) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited with code " + process.exitValue()
                        + " during start-up; see " + dataDir.resolve("broker.log"));
            }
            if (LocalPorts.isListening(port)) {
                try (Admin admin = Admin.create(config)) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                }
                catch (Exception e) {
                    log.debug("Kafka broker at {} not ready yet: {}", bootstrapServers(), e.toString());
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                process.destroyForcibly();
                throw new IllegalStateException("The Kafka broker did not start in " + STARTUP_TIMEOUT.toSeconds()
                        + " s; see " + dataDir.resolve("broker.log"));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
            }
        }
    }

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", " + dataDir + "]";
    }
}
