package dev.codeinterp.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private {@code redis-server} child process bound to 127.0.0.1.
 *
 * <p>The process runs in the foreground ({@code --daemonize no}) as a child of this JVM. It is
 * stopped by {@link #close()} and, should the JVM exit without that, by a shutdown hook. A JVM
 * killed with {@code SIGKILL} cannot run the hook and leaves the child running.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@linkplain #ephemeral() ephemeral}: no RDB snapshots, no append-only file; nothing is
 *       written to disk;</li>
 *   <li>{@linkplain #persistent(Path, int) persistent}: append-only file in the given directory,
 *       fsynced every second, so data survives a restart on the same directory.</li>
 * </ul>
 *
 * <p>The binary is looked up in the system property {@value #BINARY_PROPERTY}, the environment
 * variable {@value #BINARY_ENV}, the {@code PATH}, then {@code /usr/bin/redis-server}.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);

    /** System property naming the {@code redis-server} binary to use. */
    public static final String BINARY_PROPERTY = "embedded.redis.binary";

    /** Environment variable naming the {@code redis-server} binary to use. */
    public static final String BINARY_ENV = "REDIS_SERVER_BINARY";

    /** How long {@link #ephemeral()} and friends wait for the first {@code +PONG}. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int RANDOM_PORT_ATTEMPTS = 3;
    private static final int OUTPUT_TAIL_LINES = 40;

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Deque<String> outputTail;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisServerProcess(Process process, int port, Path dataDir, Deque<String> outputTail) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.outputTail = outputTail;
        this.shutdownHook = new Thread(this::stopProcess, "redis-server-" + port + "-shutdown");
    }

    /**
     * Starts an ephemeral server (nothing persisted) on a random free port.
     *
     * @return the running server
     */
    public static RedisServerProcess ephemeral() {
        return ephemeral(0);
    }

    /**
     * Starts an ephemeral server (nothing persisted).
     *
     * @param port the port to listen on, or {@code 0} for a random free port
     * @return the running server
     */
    public static RedisServerProcess ephemeral(int port) {
        return start(port, null, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts an ephemeral server in Redis Cluster mode ({@code --cluster-enabled yes}) on a random free port, its
     * cluster state in a temporary file. It owns no hash slots yet: the caller assigns them (for one node, {@code
     * CLUSTER ADDSLOTSRANGE 0 16383}) and waits for {@code cluster_state:ok}.
     *
     * @return the running server
     */
    public static RedisServerProcess ephemeralClusterNode() {
        Path nodesFile;
        try {
            Path dir = Files.createTempDirectory("redis-cluster-");
            dir.toFile().deleteOnExit();
            nodesFile = dir.resolve("nodes.conf");
            nodesFile.toFile().deleteOnExit();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the cluster state", e);
        }
        // The bus port defaults to port + 10000, past 65535 for a high random port: give it a free one of its own.
        return start(0, null, DEFAULT_STARTUP_TIMEOUT, List.of("--cluster-enabled", "yes",
                "--cluster-config-file", nodesFile.toString(),
                "--cluster-port", Integer.toString(LocalPorts.freePort())));
    }

    /**
     * Starts a persistent server on a random free port.
     *
     * @param dataDir directory for the append-only file; created if missing
     * @return the running server
     */
    public static RedisServerProcess persistent(Path dataDir) {
        return persistent(dataDir, 0);
    }

    /**
     * Starts a persistent server: append-only file in {@code dataDir}, fsynced every second, so
     * that keys survive a restart on the same directory.
     *
     * @param dataDir directory for the append-only file; created if missing
     * @param port    the port to listen on, or {@code 0} for a random free port
     * @return the running server
     */
    public static RedisServerProcess persistent(Path dataDir, int port) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must not be null");
        }
        return start(port, dataDir, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts a server.
     *
     * @param port           the port to listen on, or {@code 0} for a random free port
     * @param dataDir        directory for the append-only file, or {@code null} for an ephemeral server
     * @param startupTimeout how long to wait until the server answers {@code PING}
     * @return the running server
     * @throws IllegalStateException if the binary is missing, the process exits or does not answer in time
     */
    public static RedisServerProcess start(int port, Path dataDir, Duration startupTimeout) {
        return start(port, dataDir, startupTimeout, List.of());
    }

    private static RedisServerProcess start(int port, Path dataDir, Duration startupTimeout, List<String> extraArgs) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port);
        }
        Path binary = findBinary();
        Path dir = prepareDataDir(dataDir);
        int attempts = port == 0 ? RANDOM_PORT_ATTEMPTS : 1;
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int chosenPort = port == 0 ? LocalPorts.freePort() : port;
            try {
                return launch(binary, chosenPort, dir, startupTimeout, extraArgs);
            }
            catch (PortInUseException e) {
                lastFailure = e;
                log.debug("Port {} was taken before redis-server could bind it (attempt {})", chosenPort, attempt);
            }
        }
        throw lastFailure;
    }

    /**
     * Locates the {@code redis-server} binary.
     *
     * @return the path of an executable {@code redis-server}
     * @throws IllegalStateException naming the install command if none is found
     */
    public static Path findBinary() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(BINARY_PROPERTY, System.getenv(BINARY_ENV));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Paths.get(configured));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(Paths.get(entry, "redis-server"));
                }
            }
        }
        candidates.add(Paths.get("/usr/bin/redis-server"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server not found (looked at -D" + BINARY_PROPERTY + ", $"
                + BINARY_ENV + ", PATH and /usr/bin/redis-server). Install it with: apt-get install -y redis-server");
    }

    private static Path prepareDataDir(Path dataDir) {
        if (dataDir == null) {
            return null;
        }
        try {
            return Files.createDirectories(dataDir).toAbsolutePath();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create redis data directory " + dataDir, e);
        }
    }

    private static RedisServerProcess launch(Path binary, int port, Path dataDir, Duration timeout,
            List<String> extraArgs) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", LocalPorts.LOOPBACK,
                "--daemonize", "no",
                // RDB snapshots fork the server; AOF alone is the persistence mechanism here.
                "--save", ""));
        if (dataDir == null) {
            command.addAll(List.of("--appendonly", "no",
                    "--dir", System.getProperty("java.io.tmpdir")));
        }
        else {
            command.addAll(List.of("--dir", dataDir.toString(),
                    "--appendonly", "yes",
                    "--appendfsync", "everysec"));
        }
        command.addAll(extraArgs);
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        Deque<String> tail = new ArrayDeque<>();
        startOutputPump(process.getInputStream(), port, tail);
        RedisServerProcess server = new RedisServerProcess(process, port, dataDir, tail);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.awaitPong(startNanos + timeout.toNanos());
        }
        catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("redis-server (pid {}, {}) ready on {}:{} in {} ms", process.pid(),
                dataDir == null ? "ephemeral" : "persistent in " + dataDir, LocalPorts.LOOPBACK, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    private static void startOutputPump(InputStream output, int port, Deque<String> tail) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.debug("[redis:{}] {}", port, line);
                    synchronized (tail) {
                        if (tail.size() == OUTPUT_TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                }
            }
            catch (IOException e) {
                log.trace("redis-server output of port {} closed", port, e);
            }
        }, "redis-server-" + port + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitPong(long deadlineNanos) {
        while (true) {
            if (!process.isAlive()) {
                String output = outputTail();
                if (output.contains("Address already in use")) {
                    throw new PortInUseException(port, output);
                }
                throw new IllegalStateException("redis-server exited with code " + process.exitValue()
                        + " during start-up on port " + port + ". Output:\n" + output);
            }
            if (ping()) {
                verifyOwnProcessAnswers();
                return;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port
                        + " in time. Output:\n" + outputTail());
            }
            try {
                // short wait that also returns as soon as the process dies
                process.waitFor(10, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for redis-server", e);
            }
        }
    }

    /**
     * Sends {@code PING} over a fresh raw socket.
     *
     * @return {@code true} if the server answered {@code +PONG} (a server still loading its
     *     append-only file answers {@code -LOADING} and yields {@code false})
     */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 200);
            socket.setSoTimeout(1000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return "+PONG".equals(readLine(socket.getInputStream()));
        }
        catch (IOException e) {
            return false;
        }
    }

    /** Guards against a foreign server that already listened on the port answering our PING. */
    private void verifyOwnProcessAnswers() {
        String info;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                throw new IllegalStateException("Unexpected INFO reply on port " + port + ": " + header);
            }
            info = new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("INFO failed on port " + port, e);
        }
        if (!info.contains("process_id:" + process.pid() + "\r\n")) {
            throw new PortInUseException(port, "another redis-server answers on this port; ours said:\n"
                    + outputTail());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private String outputTail() {
        synchronized (outputTail) {
            return String.join("\n", outputTail);
        }
    }

    /** @return the host to connect to, always {@code 127.0.0.1} */
    public String host() {
        return LocalPorts.LOOPBACK;
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /** @return the data directory of a persistent server, empty for an ephemeral one */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** @return whether the server keeps its data in an append-only file */
    public boolean isPersistent() {
        return dataDir != null;
    }

    /** @return the operating-system process id of the child */
    public long pid() {
        return process.pid();
    }

    /**
     * Starts a new server on this one's port and data directory, once this one has been {@linkplain #close() closed}:
     * for fault tests that stop Redis and bring it back at the same address. A persistent server comes back with its
     * keys (its append-only file, flushed at {@code SIGTERM}); an ephemeral one comes back empty.
     *
     * @return the new running server
     * @throws IllegalStateException if this server still runs
     */
    public RedisServerProcess startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server still runs on port " + port + "; close it first");
        }
        return start(port, dataDir, DEFAULT_STARTUP_TIMEOUT);
    }

    /** @return whether the child process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the server with {@code SIGTERM} (which makes a persistent server flush its
     * append-only file), waits up to 10 s, then kills it. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs or ran anyway
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("redis-server (pid {}) on port {} ignored SIGTERM for {} s; killing it",
                        process.pid(), port, STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("redis-server (pid {}) on port {} stopped", process.pid(), port);
    }

    @Override
    public String toString() {
        return "RedisServerProcess[" + host() + ":" + port + (dataDir == null ? ", ephemeral" : ", dir=" + dataDir) + "]";
    }

    /** The child could not bind its port; {@link #start} retries another random port. */
    private static final class PortInUseException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        PortInUseException(int port, String output) {
            super("Port " + port + " is already in use. redis-server output:\n" + output);
        }
    }
}
