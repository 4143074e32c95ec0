package dev.codeinterp.worker.config;

import dev.codeinterp.common.config.ByteQuantity;
import dev.codeinterp.common.config.SharedDefaults;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.local.CgroupLimits;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the worker-service; each maps to the {@code APP_*} environment variable of the same name.
 *
 * @param executorBackend                  where sandboxes run: {@code local} (bubblewrap on this machine)
 * @param executorMode                     local sandboxes: {@code zygote} (children of one preloaded Python, forked
 *                                         into namespaces of their own), {@code fresh} (a bubblewrap sandbox and
 *                                         interpreter per job), or {@code auto} (zygote, else fresh with a warning:
 *                                         hosts that deny nested user namespaces)
 * @param executorPreload                  modules the zygote imports once for every job (comma separated)
 * @param executorPodQueueTargetLength     sandboxes kept started and waiting for a job
 * @param workerConcurrency                jobs this worker runs at once; it takes no more jobs from Kafka than this
 * @param fileSizeLimit                    size of each sandbox's {@code /workspace}, largest output file and largest
 *                                         file a program may write (RLIMIT_FSIZE) (Kubernetes quantity, e.g.
 *                                         {@code 1Gi})
 * @param executorTmpSize                  size of each sandbox's {@code /tmp}, and of its {@code /dev/shm}
 * @param executorBwrapPath                the bubblewrap binary
 * @param executorPython                   the Python interpreter inside the sandbox
 * @param executorRuntimeDir               host directory for the agent files; empty = a fresh temporary directory
 * @param executorSandboxUid               user id the program runs as inside the sandbox
 * @param resultGrace                      host-side allowance beyond the program's timeout (file transfer); past it
 *                                         the sandbox is killed and the job fails
 * @param executorMemoryLimit              memory of each process of a program (RLIMIT_DATA: heap, anonymous maps,
 *                                         stacks) (Kubernetes quantity)
 * @param executorMaxProcesses             processes and threads a sandbox may have at once (RLIMIT_NPROC, counted per
 *                                         host uid: per sandbox when the worker is root)
 * @param executorCgroups                  local sandboxes: {@code auto} (a cgroup per sandbox where the worker
 *                                         can make them, else caps per process only, said at start), {@code required}
 *                                         (the worker does not start without them) or {@code off}
 * @param executorSandboxMemoryLimit       memory of each whole sandbox in its cgroup: all its processes and the pages
 *                                         of its {@code /workspace}, {@code /tmp} and {@code /dev/shm} (Kubernetes
 *                                         quantity); null = the memory limit plus the workspace and {@code /tmp} sizes
 * @param executorSandboxCpus              CPUs each sandbox may use at once in its cgroup (e.g. {@code 1.5}); 0 = no
 *                                         cap
 * @param executorOpenFiles                open files per process (RLIMIT_NOFILE)
 * @param executorCpuTimeLimit             CPU time per process (RLIMIT_CPU; SIGXCPU, SIGKILL a second later); null =
 *                                         the job's wall timeout
 * @param executorNetwork                  {@code none}: sandboxes have only a loopback of their own; {@code egress}:
 *                                         they share the host's network (the operator's choice, never a request's)
 * @param executorHostUidBase              first host uid of the range held one per live sandbox when the worker is
 *                                         root; the range must belong to no other user
 * @param jobMaxAttempts                   attempts a job gets when its worker stops while running it; then it fails
 * @param shutdownGrace                    how long a stopping worker lets its running jobs finish before it hands them
 *                                         back to be run again elsewhere
 */
@ConfigurationProperties("app")
public record WorkerProperties(
        @DefaultValue("local") String executorBackend,
        @DefaultValue("auto") ExecutorMode executorMode,
        @DefaultValue({"numpy", "pandas", "scipy", "matplotlib", "matplotlib.pyplot", "PIL.Image", "sympy"})
        List<String> executorPreload,
        @DefaultValue("5") int executorPodQueueTargetLength,
        @DefaultValue("4") int workerConcurrency,
        @DefaultValue("1Gi") String fileSizeLimit,
        @DefaultValue("512Mi") String executorTmpSize,
        @DefaultValue("bwrap") String executorBwrapPath,
        @DefaultValue("/usr/bin/python3") String executorPython,
        @DefaultValue("") String executorRuntimeDir,
        @DefaultValue("1000") int executorSandboxUid,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace,
        @DefaultValue("1Gi") String executorMemoryLimit,
        @DefaultValue("256") int executorMaxProcesses,
        @DefaultValue("auto") ExecutorCgroups executorCgroups,
        String executorSandboxMemoryLimit,
        @DefaultValue("1") double executorSandboxCpus,
        @DefaultValue("1024") int executorOpenFiles,
        @DurationUnit(ChronoUnit.SECONDS) Duration executorCpuTimeLimit,
        @DefaultValue("none") ExecutorNetwork executorNetwork,
        @DefaultValue("200000") int executorHostUidBase,
        @DefaultValue("3") int jobMaxAttempts,
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration shutdownGrace) {

    /** How local sandboxes are made. */
    public enum ExecutorMode {
        /** The zygote if it starts on this host, else fresh sandboxes. */
        AUTO,
        /** Children of the preloaded zygote. */
        ZYGOTE,
        /** A bubblewrap sandbox and interpreters per job. */
        FRESH
    }

    /** Whether local sandboxes get a cgroup each. */
    public enum ExecutorCgroups {
        /** Where the host lets the worker make them; else the caps that hold per process only are said at start. */
        AUTO,
        /** Always: the worker does not start where it cannot make them. */
        REQUIRED,
        /** Never. */
        OFF
    }

    /** Network of the sandboxes. */
    public enum ExecutorNetwork {
        /** A loopback of their own, nothing else. */
        NONE,
        /** The host's network: every address the host reaches, including its own services. */
        EGRESS
    }

    public WorkerProperties {
        ByteQuantity.parse(fileSizeLimit, "APP_FILE_SIZE_LIMIT");
        ByteQuantity.parse(executorTmpSize, "APP_EXECUTOR_TMP_SIZE");
        ByteQuantity.parse(executorMemoryLimit, "APP_EXECUTOR_MEMORY_LIMIT");
        positive(executorMaxProcesses, "APP_EXECUTOR_MAX_PROCESSES");
        positive(executorOpenFiles, "APP_EXECUTOR_OPEN_FILES");
        if (executorCgroups == null) {
            executorCgroups = ExecutorCgroups.AUTO;
        }
        if (executorSandboxMemoryLimit != null && executorSandboxMemoryLimit.isBlank()) {
            executorSandboxMemoryLimit = null;
        }
        if (executorSandboxMemoryLimit != null
                && ByteQuantity.parse(executorSandboxMemoryLimit, "APP_EXECUTOR_SANDBOX_MEMORY_LIMIT") <= 0) {
            throw new IllegalArgumentException("APP_EXECUTOR_SANDBOX_MEMORY_LIMIT must be positive, got "
                    + executorSandboxMemoryLimit);
        }
        if (!(executorSandboxCpus >= 0) || Double.isInfinite(executorSandboxCpus)) {
            throw new IllegalArgumentException("APP_EXECUTOR_SANDBOX_CPUS must be 0 (no cap) or a positive number, got "
                    + executorSandboxCpus);
        }
        positive(jobMaxAttempts, "APP_JOB_MAX_ATTEMPTS");
        positive(executorHostUidBase, "APP_EXECUTOR_HOST_UID_BASE");
        if (executorCpuTimeLimit != null && executorCpuTimeLimit.toSeconds() < 1) {
            throw new IllegalArgumentException("APP_EXECUTOR_CPU_TIME_LIMIT must be at least 1 second, got "
                    + executorCpuTimeLimit.toSeconds());
        }
        if (executorNetwork == null) {
            executorNetwork = ExecutorNetwork.NONE;
        }
        if (executorMode == null) {
            executorMode = ExecutorMode.AUTO;
        }
        executorPreload = executorPreload == null ? List.of() : executorPreload.stream().map(String::strip)
                .filter(name -> !name.isEmpty()).toList();
        for (String name : executorPreload) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                throw new IllegalArgumentException("APP_EXECUTOR_PRELOAD must name Python modules, got '" + name + "'");
            }
        }
    }

    public long fileSizeLimitBytes() {
        return ByteQuantity.parse(fileSizeLimit, "APP_FILE_SIZE_LIMIT");
    }

    public long executorTmpSizeBytes() {
        return ByteQuantity.parse(executorTmpSize, "APP_EXECUTOR_TMP_SIZE");
    }

    /** The limits of every program; the CPU time is null when it follows each job's wall timeout. */
    public AgentRequest.Limits executorLimits() {
        return new AgentRequest.Limits(executorCpuTimeLimit == null ? null : executorCpuTimeLimit.toSeconds(),
                ByteQuantity.parse(executorMemoryLimit, "APP_EXECUTOR_MEMORY_LIMIT"), (long) executorMaxProcesses,
                (long) executorOpenFiles, fileSizeLimitBytes());
    }

    /** The caps of each whole sandbox's cgroup. */
    public CgroupLimits sandboxCgroupLimits() {
        long memory = executorSandboxMemoryLimit == null
                ? executorLimits().memoryBytes() + fileSizeLimitBytes() + executorTmpSizeBytes()
                : ByteQuantity.parse(executorSandboxMemoryLimit, "APP_EXECUTOR_SANDBOX_MEMORY_LIMIT");
        return new CgroupLimits(memory, executorMaxProcesses, executorSandboxCpus);
    }

    private static void positive(int value, String setting) {
        if (value <= 0) {
            throw new IllegalArgumentException(setting + " must be positive, got " + value);
        }
    }
}
