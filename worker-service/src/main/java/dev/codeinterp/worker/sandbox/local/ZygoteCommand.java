package dev.codeinterp.worker.sandbox.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bubblewrap command line of the zygote (see {@code zygote.py}): the same read-only runtime, namespaces and
 * identity as a fresh sandbox ({@link BubblewrapCommand#sharedArgv()}), plus what the zygote's children need to build
 * sandboxes of their own. Each child mounts its own {@code /proc}, which the kernel allows only when the zygote's
 * {@code /proc} is fully visible, so bubblewrap must keep the zygote's user namespace (no {@code --dev}, whose devpts
 * needs a second one that would lock every mount): {@code /dev} is a tmpfs with the usual device nodes bound in, and
 * each child mounts a devpts of its own. The root, {@code /dev} included, is then read-only; the only host directory
 * bound writable is the socket directory, which every child hides.
 *
 * <p>With {@link CgroupGrant}, the zygote starts in its own leaf of each delegated hierarchy (a shell puts itself
 * there, as root, before it runs the rest), sees each delegated directory at {@code /run/cgroup/i} and makes one
 * cgroup per job in it, with the limits from {@code AGENT_CGROUPS}. The zygote keeps the worker's cgroup namespace
 * (moving a process between cgroups needs both in view); each job gets one rooted at its own cgroup.
 */
public final class ZygoteCommand {

    static final String SOCKET_MOUNT = "/run/zygote";
    static final String SOCKET_NAME = "zygote.sock";
    static final String CGROUP_MOUNT = "/run/cgroup";
    private static final String SANDBOX_FS = "/run/sandbox";
    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    /** The zygote's own {@code /tmp}: the preloaded libraries' caches (matplotlib's font list). */
    private static final long ZYGOTE_TMP_BYTES = 64L * 1024 * 1024;

    private final BubblewrapCommand sandbox;
    private final List<String> preload;

    /**
     * @param sandbox what every sandbox shares, and the size of each job's filesystems: one tmpfs of the workspace size
     *                plus the {@code /tmp} size backs the job's {@code /workspace}, {@code /tmp} and {@code /dev/shm}
     * @param preload modules the zygote imports once, for every job
     */
    public ZygoteCommand(BubblewrapCommand sandbox, List<String> preload) {
        this.sandbox = sandbox;
        this.preload = List.copyOf(preload);
    }

    /**
     * The command that starts the zygote as host user {@code hostUid}, with its socket in {@code socketDir} and, when
     * not null, in {@code cgroups}.
     */
    public List<String> argv(Path socketDir, int hostUid, CgroupGrant cgroups) {
        List<String> argv = BubblewrapCommand.asHostUid(argv(socketDir, cgroups), hostUid);
        return cgroups == null ? argv : cgroups.joining(argv);
    }

    /** The command that starts the zygote as the worker's own user, with its socket in {@code socketDir}. */
    public List<String> argv(Path socketDir) {
        return argv(socketDir, null);
    }

    private List<String> argv(Path socketDir, CgroupGrant cgroups) {
        List<String> argv = new ArrayList<>(sandbox.sharedArgv());
        // every namespace but the cgroup one (--unshare-all's), which each job gets instead
        int all = argv.indexOf("--unshare-all");
        argv.remove(all);
        argv.addAll(all, sandbox.egress() ? List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts")
                : List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-net"));
        argv.remove("--share-net");
        argv.addAll(List.of("--setenv", "PYTHONPATH", BubblewrapCommand.AGENT_MOUNT,
                "--setenv", "AGENT_PRELOAD", String.join(",", preload),
                "--setenv", "AGENT_SANDBOX_BYTES", Long.toString(sandbox.workspaceBytes() + sandbox.tmpBytes()),
                "--setenv", "AGENT_NETWORK", sandbox.egress() ? "egress" : "none",
                "--setenv", "AGENT_SOCKET", SOCKET_MOUNT + "/" + SOCKET_NAME,
                "--setenv", "AGENT_SANDBOX_FS", SANDBOX_FS,
                "--proc", "/proc", "--tmpfs", "/dev"));
        for (String device : DEVICES) {
            argv.addAll(List.of("--dev-bind", "/dev/" + device, "/dev/" + device));
        }
        argv.addAll(List.of("--dir", "/dev/shm", "--dir", "/dev/pts", "--symlink", "pts/ptmx", "/dev/ptmx",
                "--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/proc/self/fd/0", "/dev/stdin",
                "--symlink", "/proc/self/fd/1", "/dev/stdout", "--symlink", "/proc/self/fd/2", "/dev/stderr",
                "--size", Long.toString(ZYGOTE_TMP_BYTES), "--tmpfs", "/tmp",
                "--dir", "/workspace", "--dir", SANDBOX_FS,
                "--bind", socketDir.toString(), SOCKET_MOUNT));
        if (cgroups != null) {
            argv.addAll(List.of("--setenv", "AGENT_CGROUPS", cgroups.agentSetting()));
            for (int i = 0; i < cgroups.groups().size(); i++) {
                argv.addAll(List.of("--bind", cgroups.groups().get(i).dir().toString(), CGROUP_MOUNT + "/" + i));
            }
        }
        argv.addAll(List.of(
                "--remount-ro", "/dev", "--remount-ro", "/",
                "--chdir", "/workspace",
                sandbox.python(), "-s", BubblewrapCommand.AGENT_MOUNT + "/zygote.py"));
        return List.copyOf(argv);
    }
}
