package dev.codeinterp.worker.sandbox.local;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sandboxes forked from one preloaded zygote ({@code APP_EXECUTOR_MODE=zygote}, see {@code zygote.py}): the zygote is a
 * bubblewrap sandbox that imports the data stack once; each connection to its unix socket is a child in namespaces
 * and filesystems of its own, whose agent serves one job. The zygote runs as one host uid for its whole life (with
 * {@link HostUids}); it is started again, with a new socket directory, when it has died. Where the host allows it
 * ({@link CgroupHost}), each zygote gets cgroups of its own, in which each job gets one with the whole-sandbox caps.
 */
public final class ZygoteSandboxStarter implements SandboxStarter {

    private static final Logger log = LoggerFactory.getLogger(ZygoteSandboxStarter.class);
    /** Preloading the data stack takes seconds; building matplotlib's font cache on a first start takes more. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL = 4000;
    static final int CGROUP_REMOVAL_TRIES = 50;
    static final Duration CGROUP_REMOVAL_PAUSE = Duration.ofMillis(100);

    private final ZygoteCommand command;
    private final HostUids hostUids;
    private final AgentClient agent;
    private final CgroupHost cgroups;
    private final CgroupLimits limits;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private Zygote zygote;
    private boolean closed;

    /**
     * A running zygote: its process, socket, stderr log, host uid (null: the worker's own) and cgroups (null: none).
     */
    private record Zygote(Process process, Path socketDir, Path log, Integer hostUid, CgroupGrant cgroups) {

        Path socket() {
            return socketDir.resolve(ZygoteCommand.SOCKET_NAME);
        }
    }

    /** A zygote whose jobs get no cgroups. @param hostUids a uid for the zygote; null = the worker's own user */
    public ZygoteSandboxStarter(ZygoteCommand command, HostUids hostUids, AgentClient agent) {
        this(command, hostUids, agent, CgroupHost.none("not asked for"), null);
    }

    /**
     * @param hostUids a uid for the zygote; null = it runs as the worker's own user (then there are no cgroups)
     * @param cgroups  where each zygote gets its cgroups, when available
     * @param limits   the caps of each job's cgroup
     */
    public ZygoteSandboxStarter(ZygoteCommand command, HostUids hostUids, AgentClient agent, CgroupHost cgroups,
            CgroupLimits limits) {
        this.command = command;
        this.hostUids = hostUids;
        this.agent = agent;
        this.cgroups = cgroups;
        this.limits = limits;
    }

    @Override
    public String describe() {
        return "the zygote" + (cgroups.unavailable().isPresent() ? ""
                : ", a cgroup per job (" + cgroups.version().orElseThrow() + ": " + cgroups.controllers() + ")");
    }

    /** Starts the zygote (its failure names the reason, with its log) and one child, which must say it is ready. */
    @Override
    public void check() throws SandboxFailure {
        start(() -> { }).discard();
    }

    @Override
    public LocalSandbox start(Runnable onClose) throws SandboxFailure {
        Zygote running = running();
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(running.socket()));
        } catch (IOException e) {
            throw new SandboxFailure("Could not reach the zygote at " + running.socket() + ": " + e.getMessage(), e);
        }
        ZygoteChild child = new ZygoteChild(channel, onClose);
        try {
            agent.awaitReady(child);
            return child;
        } catch (SandboxFailure e) {
            child.discard();
            throw new SandboxFailure("A child of the zygote did not start (" + e.getMessage() + "); the zygote's log: "
                    + tail(running.log()), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (zygote != null) {
            zygote.process().destroyForcibly();
        }
    }

    /** The zygote, started (again) if it is not running. */
    private synchronized Zygote running() throws SandboxFailure {
        if (closed) {
            throw new SandboxFailure("The zygote is closed");
        }
        if (zygote != null && zygote.process().isAlive()) {
            return zygote;
        }
        zygote = launch();
        return zygote;
    }

    private Zygote launch() throws SandboxFailure {
        long started = System.nanoTime();
        Integer uid = hostUids == null ? null : hostUids.acquire();
        Path socketDir = null;
        Path logFile = null;
        Process process = null;
        CgroupGrant granted = null;
        try {
            socketDir = Files.createTempDirectory("code-interpreter-zygote-"); // 0700
            logFile = Files.createTempFile("code-interpreter-zygote-", ".log");
            if (uid != null) {
                Files.setAttribute(socketDir, "unix:uid", uid);
            }
            if (uid != null && cgroups.unavailable().isEmpty()) {
                granted = cgroups.delegate(uid, limits);
            }
            List<String> argv = uid == null ? command.argv(socketDir) : command.argv(socketDir, uid, granted);
            process = new ProcessBuilder(argv).redirectError(logFile.toFile()).start();
            Zygote launched = new Zygote(process, socketDir, logFile, uid, granted);
            JsonNode ready = awaitReady(launched);
            cleanUpWhenEnded(launched);
            log.info("Zygote ready in {} ms: preloaded {}{}", (System.nanoTime() - started) / 1_000_000,
                    ready.path("preloaded"), ready.path("failed").isEmpty() ? ""
                            : "; could not preload " + ready.path("failed"));
            if (ready.path("threads").asInt(1) > 1) {
                log.warn("The zygote has {} threads after preloading: forking it is only safe if every library that "
                        + "started one handles fork", ready.path("threads").asInt());
            }
            return launched;
        } catch (IOException | SandboxFailure e) {
            if (process != null) {
                process.destroyForcibly();
            }
            String reason = e.getMessage() + (logFile == null ? "" : "; its log: " + tail(logFile));
            FreshSandboxStarter.deleteQuietly(logFile);
            deleteDirectory(socketDir);
            Integer held = uid;
            CgroupGrant heldCgroups = granted;
            (process == null ? CompletableFuture.completedFuture(null) : process.onExit())
                    .thenRun(() -> release(held, heldCgroups));
            throw new SandboxFailure("The zygote did not start: " + reason, e);
        }
    }

    private JsonNode awaitReady(Zygote starting) throws SandboxFailure {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(starting.process().getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String text = line.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode ready = text == null ? null : mapper.readTree(text);
            if (ready == null || !ready.path("ready").asBoolean(false)) {
                throw new SandboxFailure("it ended before it was ready" + (text == null ? "" : " (" + text + ")"));
            }
            return ready;
        } catch (TimeoutException e) {
            throw new SandboxFailure("not ready within " + READY_TIMEOUT.toSeconds() + " s");
        } catch (JacksonException e) {
            throw new SandboxFailure("its ready line was not JSON: " + e.getOriginalMessage());
        } catch (ExecutionException e) {
            throw new SandboxFailure("could not read its ready line: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFailure("interrupted while it started");
        }
    }

    /**
     * When the zygote has ended: said in the log unless it was closed (the next lease starts another), its uid back (no
     * process of it left), its socket directory and log removed.
     */
    private void cleanUpWhenEnded(Zygote ended) {
        ended.process().onExit().thenRunAsync(() -> {
            synchronized (this) {
                if (!closed) {
                    log.warn("The zygote ended (exit code {}); the next sandbox starts another. Its log: {}",
                            ended.process().exitValue(), tail(ended.log()));
                }
            }
            release(ended.hostUid(), ended.cgroups());
            deleteDirectory(ended.socketDir());
            FreshSandboxStarter.deleteQuietly(ended.log());
        });
    }

    /**
     * What an ended zygote held: its cgroups (removed once its last process has gone, which follows bubblewrap's exit
     * closely), then its uid.
     */
    private void release(Integer hostUid, CgroupGrant held) {
        if (held != null && !held.remove(CGROUP_REMOVAL_TRIES, CGROUP_REMOVAL_PAUSE)) {
            log.warn("Could not remove the cgroups of an ended zygote: {}", held.groups());
        }
        if (hostUid != null) {
            hostUids.release(hostUid);
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(empty)" : text.substring(Math.max(0, text.length() - LOG_TAIL));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The socket directory: the zygote's sockets (nothing else is ever in it), then the directory. */
    private static void deleteDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(FreshSandboxStarter::deleteQuietly);
        } catch (IOException e) {
            log.debug("Could not list {}", dir, e);
        }
        FreshSandboxStarter.deleteQuietly(dir);
    }
}
