package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxCapsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void shouldSayTheZygoteBoundsDiskAndProcessesPerSandboxAndMemoryPerProcessWhenThereIsNoCgroup() {
        assertThat(SandboxCaps.withoutCgroups(true, false, 64 * MIB, 16 * MIB, 1024 * MIB, 256, "the worker is not root")
                .describe()).containsExactly(
                "per sandbox: /workspace, /tmp and /dev/shm share one tmpfs of 80 MiB; at most 256 processes (counted "
                        + "in the sandbox's own user namespace)",
                "per process only: memory 1024 MiB (RLIMIT_DATA), CPU time, open files and file size (no cgroup per "
                        + "sandbox: the worker is not root; a job can use up to 256 times the memory limit across its "
                        + "processes, and its files' memory besides)");
    }

    @Test
    void shouldSayMemoryProcessesAndCpuAreCappedPerSandboxWhenEachHasACgroup() {
        assertThat(SandboxCaps.withoutCgroups(true, true, 64 * MIB, 16 * MIB, 1024 * MIB, 256, null)
                .withCgroups(new CgroupLimits(1104 * MIB, 256, 1.5)).describe()).containsExactly(
                "per sandbox (its cgroup): memory 1104 MiB in total, its processes and its files together; at most "
                        + "256 processes; 1.5 CPUs",
                "per sandbox: /workspace, /tmp and /dev/shm share one tmpfs of 80 MiB; at most 256 processes (counted "
                        + "in the sandbox's own user namespace)",
                "per process too: memory 1024 MiB (RLIMIT_DATA), CPU time, open files and file size");
    }

    @Test
    void shouldSayProcessesAreSharedWhenFreshSandboxesRunAsTheWorkersOwnUser() {
        assertThat(SandboxCaps.withoutCgroups(false, false, 64 * MIB, 16 * MIB, 1024 * MIB, 256, "fresh")
                .describe().get(0)).isEqualTo(
                "per sandbox: /workspace 64 MiB, /tmp and /dev/shm 16 MiB each; at most 256 processes (counted for all "
                        + "sandboxes and the worker together: the worker is not root)");
        assertThat(SandboxCaps.withoutCgroups(false, true, 64 * MIB, 16 * MIB, 1024 * MIB, 256, "fresh")
                .describe().get(0)).endsWith("(each sandbox is a host uid of its own)");
    }
}
