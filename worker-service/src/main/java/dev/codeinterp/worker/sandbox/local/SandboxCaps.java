package dev.codeinterp.worker.sandbox.local;

import java.util.ArrayList;
import java.util.List;

/**
 * What bounds one local sandbox as a whole and what bounds each of its processes only, said once at start so that an
 * operator knows what a hostile job can take. There is no cgroup per sandbox yet: memory and CPU time are per process.
 *
 * @param zygote          sandboxes are children of the zygote (else fresh bubblewrap sandboxes)
 * @param ownUidPerSandbox each fresh sandbox runs as a host uid of its own (the worker is root)
 */
public record SandboxCaps(boolean zygote, boolean ownUidPerSandbox, long workspaceBytes, long tmpBytes,
        long memoryBytes, long maxProcesses) {

    /** The lines to log at start. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
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
        lines.add("per process only: memory " + mib(memoryBytes) + " (RLIMIT_DATA), CPU time, open "
                + "files and file size (no cgroup per sandbox: a job can use up to " + maxProcesses + " times the "
                + "memory limit across its processes)");
        return lines;
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
