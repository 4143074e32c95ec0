package dev.codeinterp.worker.sandbox.local;

import java.util.ArrayList;
import java.util.List;

/**
 * What bounds one local sandbox as a whole and what bounds each of its processes only, said once at start so that an
 * operator knows what a hostile job can take.
 *
 * @param zygote           sandboxes are children of the zygote (else fresh bubblewrap sandboxes)
 * @param ownUidPerSandbox each fresh sandbox runs as a host uid of its own (the worker is root)
 * @param cgroup           the caps of each sandbox's cgroup; null when sandboxes get none
 * @param noCgroup         why sandboxes get no cgroup (when {@code cgroup} is null)
 */
public record SandboxCaps(boolean zygote, boolean ownUidPerSandbox, long workspaceBytes, long tmpBytes,
        long memoryBytes, long maxProcesses, CgroupLimits cgroup, String noCgroup) {

    /** Caps without a cgroup per sandbox, for the reason given. */
    public static SandboxCaps withoutCgroups(boolean zygote, boolean ownUidPerSandbox, long workspaceBytes,
            long tmpBytes, long memoryBytes, long maxProcesses, String noCgroup) {
        return new SandboxCaps(zygote, ownUidPerSandbox, workspaceBytes, tmpBytes, memoryBytes, maxProcesses, null,
                noCgroup);
    }

    /** The same sandboxes with a cgroup each, capped at {@code limits}. */
    public SandboxCaps withCgroups(CgroupLimits limits) {
        return new SandboxCaps(zygote, ownUidPerSandbox, workspaceBytes, tmpBytes, memoryBytes, maxProcesses, limits,
                null);
    }

    /** The lines to log at start. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (cgroup != null) {
            lines.add("per sandbox (its cgroup): memory " + mib(cgroup.memoryBytes()) + " in total, its processes "
                    + "and its files together; at most " + cgroup.maxProcesses() + " processes; "
                    + (cgroup.cpus() == 0 ? "no CPU cap" : cgroup.cpus() + " CPUs"));
        }
        if (zygote) {
            lines.add("per sandbox: /workspace, /tmp and /dev/shm share one tmpfs of "
                    + mib(workspaceBytes + tmpBytes) + "; at most " + maxProcesses
                    + " processes (counted in the sandbox's own user namespace)");
        } else {
            lines.add("per sandbox: /workspace " + mib(workspaceBytes) + ", /tmp and /dev/shm "
                    + mib(tmpBytes) + " each; at most " + maxProcesses + " processes"
                    + (ownUidPerSandbox ? " (each sandbox is a host uid of its own)"
                            : " (counted for all sandboxes and the worker together: the worker is not root)"));
        }
        if (cgroup != null) {
            lines.add("per process too: memory " + mib(memoryBytes) + " (RLIMIT_DATA), CPU time, open files and file "
                    + "size");
        } else {
            lines.add("per process only: memory " + mib(memoryBytes) + " (RLIMIT_DATA), CPU time, open "
                    + "files and file size (no cgroup per sandbox: " + noCgroup + "; a job can use up to "
                    + maxProcesses + " times the memory limit across its processes, and its files' memory besides)");
        }
        return lines;
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
