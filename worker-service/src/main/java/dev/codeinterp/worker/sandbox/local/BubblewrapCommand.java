package dev.codeinterp.worker.sandbox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bubblewrap command line of a local sandbox: every namespace unshared (no network: only a loopback of its own,
 * unless the operator chose egress), a tmpfs root holding only the read-only runtime ({@code /usr} and the few
 * {@code /etc} files Python and the data stack read), fresh size-bounded {@code /workspace}, {@code /tmp} and
 * {@code /dev/shm}, its own PID namespace with the agent as PID 1, no capabilities, no nested user namespaces
 * ({@code --disable-userns}), no inherited environment, killed with its parent. When the worker is root, bubblewrap is
 * started as the sandbox's own unprivileged host uid. (The agent's launcher adds a seccomp filter for the program.)
 */
public final class BubblewrapCommand {

    static final String AGENT_MOUNT = "/opt/agent";
    /** Where the installed packages are, in every sandbox (the worker names them to the agent by this path). */
    public static final String PACKAGES_MOUNT = dev.codeinterp.worker.sandbox.SandboxPool.PACKAGES_MOUNT;
    static final int NICENESS = 10;
    private static final List<String> ROOT_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    private static final List<String> ETC_FILES = List.of("alternatives", "fonts", "ld.so.cache", "ld.so.conf",
            "ld.so.conf.d", "localtime", "matplotlibrc", "mime.types", "python3", "python3.11");
    /** What name resolution and TLS need, mounted only with egress. */
    private static final List<String> NETWORK_ETC_FILES = List.of("resolv.conf", "hosts", "nsswitch.conf",
            "host.conf", "gai.conf", "ssl", "ca-certificates", "ca-certificates.conf");

    private final String bwrap;
    private final String python;
    private final AgentRuntime runtime;
    private final long workspaceBytes;
    private final long tmpBytes;
    private final int uid;
    private final int gid;
    private final boolean egress;
    /** Installed packages, mounted read-only at {@link #PACKAGES_MOUNT}; null: none. */
    private final Path packageStore;

    /**
     * @param tmpBytes size of {@code /tmp}, and of {@code /dev/shm} (each)
     * @param uid      user id inside the sandbox
     * @param egress   share the host's network (an operator's choice, never a request's)
     */
    public BubblewrapCommand(String bwrap, String python, AgentRuntime runtime, long workspaceBytes, long tmpBytes,
            int uid, int gid, boolean egress) {
        this(bwrap, python, runtime, workspaceBytes, tmpBytes, uid, gid, egress, null);
    }

    private BubblewrapCommand(String bwrap, String python, AgentRuntime runtime, long workspaceBytes, long tmpBytes,
            int uid, int gid, boolean egress, Path packageStore) {
        this.packageStore = packageStore;
        this.bwrap = bwrap;
        this.python = python;
        this.runtime = runtime;
        this.workspaceBytes = workspaceBytes;
        this.tmpBytes = tmpBytes;
        this.uid = uid;
        this.gid = gid;
        this.egress = egress;
    }

    /** This command with the host's installed packages ({@code store}) mounted read-only at {@link #PACKAGES_MOUNT}. */
    public BubblewrapCommand withPackageStore(Path store) {
        return new BubblewrapCommand(bwrap, python, runtime, workspaceBytes, tmpBytes, uid, gid, egress, store);
    }

    /** The bubblewrap binary, for messages. */
    public String bwrap() {
        return bwrap;
    }

    /**
     * The command that starts bubblewrap as host user {@code hostUid} (group the same, no supplementary groups, no
     * inheritable capabilities). {@code nice} and {@code setpriv} both exec, so the JVM thread stays bubblewrap's
     * parent and {@code --die-with-parent} still follows it.
     */
    public List<String> argv(int hostUid) {
        return asHostUid(argv(), hostUid);
    }

    /** The command that starts bubblewrap as the worker's own user. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(sharedArgv());
        // no user namespace inside (the zygote's children need theirs): unshare(CLONE_NEWUSER) fails with ENOSPC
        argv.add(argv.indexOf("--unshare-user") + 1, "--disable-userns");
        argv.addAll(List.of(
                "--proc", "/proc", "--dev", "/dev",
                // --dev's own /dev/shm would be a world-writable tmpfs of half the host's memory
                "--perms", "01777", "--size", Long.toString(tmpBytes), "--tmpfs", "/dev/shm",
                "--size", Long.toString(tmpBytes), "--tmpfs", "/tmp",
                "--size", Long.toString(workspaceBytes), "--tmpfs", "/workspace",
                "--chdir", "/workspace",
                python, "-I", "-S", AGENT_MOUNT + "/agent.py"));
        return List.copyOf(argv);
    }

    /** {@code argv} (as built by this class: {@code nice -n N bwrap ...}) run as host user {@code hostUid}. */
    static List<String> asHostUid(List<String> argv, int hostUid) {
        List<String> asUid = new ArrayList<>(argv);
        asUid.addAll(3, List.of("setpriv", "--reuid=" + hostUid, "--regid=" + hostUid, "--clear-groups",
                "--inh-caps=-all"));
        return List.copyOf(asUid);
    }

    /**
     * What every local sandbox shares, fresh or zygote: {@code nice}, bubblewrap with every namespace unshared and
     * no capabilities, the read-only runtime (the host's {@code /usr}, the few {@code /etc} files Python needs, the
     * agent, passwd and group), the network choice. Filesystems of its own come after.
     */
    List<String> sharedArgv() {
        // Sandboxes (started ahead, and the programs in them) run at a lower CPU priority than the service, so that
        // starting the next sandbox or a busy program never slows down delivering results.
        List<String> argv = new ArrayList<>(List.of("nice", "-n", Integer.toString(NICENESS), bwrap,
                "--unshare-all", "--unshare-user", "--uid", Integer.toString(uid), "--gid", Integer.toString(gid),
                "--hostname", "sandbox", "--die-with-parent", "--new-session", "--as-pid-1", "--cap-drop", "ALL",
                "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
                "--ro-bind", "/usr", "/usr"));
        if (egress) {
            argv.add("--share-net");
        }
        for (String name : ROOT_LINKS) {
            Path host = Path.of("/", name);
            if (Files.isSymbolicLink(host)) {
                argv.addAll(List.of("--symlink", readLink(host), "/" + name));
            } else if (Files.isDirectory(host)) {
                argv.addAll(List.of("--ro-bind", host.toString(), host.toString()));
            }
        }
        for (String name : egress ? concat(ETC_FILES, NETWORK_ETC_FILES) : ETC_FILES) {
            argv.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
        }
        argv.addAll(List.of(
                "--ro-bind", runtime.passwd().toString(), "/etc/passwd",
                "--ro-bind", runtime.group().toString(), "/etc/group",
                "--ro-bind", runtime.agentDir().toString(), AGENT_MOUNT));
        if (packageStore != null) {
            argv.addAll(List.of("--ro-bind", packageStore.toString(), PACKAGES_MOUNT));
        }
        return argv;
    }

    String python() {
        return python;
    }

    long workspaceBytes() {
        return workspaceBytes;
    }

    long tmpBytes() {
        return tmpBytes;
    }

    boolean egress() {
        return egress;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
