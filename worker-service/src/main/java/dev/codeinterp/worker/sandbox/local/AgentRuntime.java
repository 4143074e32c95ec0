package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host files every local sandbox mounts read-only: the agent (copied out of the executor-image jar) and a minimal
 * {@code /etc/passwd} and {@code /etc/group} naming the sandbox user. They are world-readable (and the directories
 * world-searchable, never writable): bubblewrap may run as an unprivileged host uid of its own. The directory must be
 * this process's own (see {@link #claim}).
 */
public final class AgentRuntime {

    static final List<String> AGENT_FILES = List.of("agent.py", "launcher.py", "seccomp.py", "ci_mpl_backend.py",
            "sitecustomize.py", "zygote.py", "inprocess.py");
    private static final String RESOURCE_DIR = "/dev/codeinterp/executor/";

    private final Path agentDir;
    private final Path passwd;
    private final Path group;

    private AgentRuntime(Path agentDir, Path passwd, Path group) {
        this.agentDir = agentDir;
        this.passwd = passwd;
        this.group = group;
    }

    /**
     * Writes the runtime files under {@code dir} (created if missing) and byte-compiles the agent with {@code python}
     * (sandboxes mount it read-only, so every user process would otherwise compile {@code sitecustomize.py} again).
     */
    public static AgentRuntime installIn(Path dir, String python, int uid, int gid) {
        try {
            claim(dir);
            Path agentDir = Files.createDirectories(dir.resolve("agent"));
            for (String name : AGENT_FILES) {
                try (InputStream in = AgentRuntime.class.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in != null) {
                        Files.copy(in, agentDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            if (!Files.exists(agentDir.resolve("agent.py"))) {
                throw new IllegalStateException("agent.py is missing from the executor-image jar");
            }
            compile(agentDir, python);
            Path passwd = Files.writeString(dir.resolve("passwd"),
                    "root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:" + uid + ":" + gid
                            + ":sandbox:/tmp:/usr/sbin/nologin\n");
            Path group = Files.writeString(dir.resolve("group"), "root:x:0:\nsandbox:x:" + gid + ":\n");
            makeReadableByAll(dir);
            return new AgentRuntime(agentDir, passwd, group);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the agent runtime in " + dir, e);
        }
    }

    /**
     * Makes {@code dir} this process's own before anything is written in it, so that no other local user controls what
     * sandboxes run (a predictable name under {@code /tmp} could have been created by anyone): a missing directory is
     * created; one that exists must be a real directory (a symbolic link is never followed), owned by this process's
     * user, and writable by nobody else.
     */
    static void claim(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir); // fails on anything already there, a symbolic link included
        } catch (FileAlreadyExistsException e) {
            // checked below, as a directory found there is
        }
        PosixFileAttributes found = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!found.isDirectory()) {
            throw new IllegalStateException("The agent runtime directory " + dir + " is not a directory (a symbolic "
                    + "link or a file is there); refusing to use it");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new IllegalStateException("The agent runtime directory " + dir + " belongs to uid " + owner
                    + ", not to this process's uid " + self + "; refusing to use it");
        }
        Set<PosixFilePermission> permissions = found.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException("The agent runtime directory " + dir + " is writable by other users ("
                    + PosixFilePermissions.toString(permissions) + "); refusing to use it");
        }
    }

    /**
     * Fails unless every existing directory above {@code dir} lets other users through (o+x): sandboxes started as
     * unprivileged uids of their own must reach the runtime files.
     */
    public static void requireReachableByOthers(Path dir) throws IOException {
        for (Path parent = dir.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent) && !Files.getPosixFilePermissions(parent).contains(
                    PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("The agent runtime directory " + dir + " is not reachable by other "
                        + "users (" + parent + " lacks o+x); sandboxes run as unprivileged uids of their own");
            }
        }
    }

    private static void makeReadableByAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                        ? PosixFilePermissions.fromString("rwxr-xr-x") : PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private static void compile(Path agentDir, String python) throws IOException {
        try {
            Process compile = new ProcessBuilder(python, "-m", "compileall", "-q", agentDir.toString())
                    .redirectErrorStream(true).start();
            String output = new String(compile.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (compile.waitFor() != 0) {
                throw new IOException("Could not byte-compile the agent with " + python + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while byte-compiling the agent", e);
        }
    }

    public Path agentDir() {
        return agentDir;
    }

    public Path passwd() {
        return passwd;
    }

    public Path group() {
        return group;
    }
}
