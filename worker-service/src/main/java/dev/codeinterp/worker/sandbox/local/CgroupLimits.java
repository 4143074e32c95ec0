package dev.codeinterp.worker.sandbox.local;

/**
 * The caps of each whole sandbox, given to the job's cgroup.
 *
 * @param memoryBytes  memory of all its processes together, the pages of its {@code /workspace}, {@code /tmp} and
 *                     {@code /dev/shm} included (no swap)
 * @param maxProcesses processes and threads at once
 * @param cpus         CPU time per wall time (1.5 = one and a half cores); 0 = no CPU cap
 */
public record CgroupLimits(long memoryBytes, long maxProcesses, double cpus) {

    /** The CFS period the CPU quota is a share of, in microseconds (the kernel's default). */
    static final long CPU_PERIOD_MICROS = 100_000;

    public CgroupLimits {
        if (memoryBytes <= 0 || maxProcesses <= 0 || cpus < 0) {
            throw new IllegalArgumentException("cgroup limits must be positive: memory " + memoryBytes
                    + ", processes " + maxProcesses + ", CPUs " + cpus);
        }
    }

    /** The CPU quota per {@link #CPU_PERIOD_MICROS}, in microseconds (at least 1 ms); 0 when there is no CPU cap. */
    long cpuQuotaMicros() {
        return cpus == 0 ? 0 : Math.max(1000, Math.round(cpus * CPU_PERIOD_MICROS));
    }
}
