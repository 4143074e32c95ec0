package dev.codeinterp.worker.config;

import dev.codeinterp.common.config.ByteQuantity;
import dev.codeinterp.common.config.SharedDefaults;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the worker-service; each maps to the {@code APP_*} environment variable of the same name.
 *
 * @param executorBackend                  where sandboxes run: {@code local} (bubblewrap on this machine)
 * @param executorPodQueueTargetLength     sandboxes kept started and waiting for a job
 * @param workerConcurrency                jobs this worker runs at once; it takes no more jobs from Kafka than this
 * @param fileSizeLimit                    size of each sandbox's {@code /workspace} and largest output file
 *                                         (Kubernetes quantity, e.g. {@code 1Gi})
 * @param executorTmpSize                  size of each sandbox's {@code /tmp}
 * @param executorBwrapPath                the bubblewrap binary
 * @param executorPython                   the Python interpreter inside the sandbox
 * @param executorRuntimeDir               host directory for the agent files; empty = a fresh temporary directory
 * @param executorSandboxUid               user id the program runs as inside the sandbox
 * @param resultGrace                      host-side allowance beyond the program's timeout (file transfer); past it
 *                                         the sandbox is killed and the job fails
 */
@ConfigurationProperties("app")
public record WorkerProperties(
        @DefaultValue("local") String executorBackend,
        @DefaultValue("5") int executorPodQueueTargetLength,
        @DefaultValue("4") int workerConcurrency,
        @DefaultValue("1Gi") String fileSizeLimit,
        @DefaultValue("512Mi") String executorTmpSize,
        @DefaultValue("bwrap") String executorBwrapPath,
        @DefaultValue("/usr/bin/python3") String executorPython,
        @DefaultValue("") String executorRuntimeDir,
        @DefaultValue("1000") int executorSandboxUid,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace) {

    public long fileSizeLimitBytes() {
        return ByteQuantity.parse(fileSizeLimit, "APP_FILE_SIZE_LIMIT");
    }

    public long executorTmpSizeBytes() {
        return ByteQuantity.parse(executorTmpSize, "APP_EXECUTOR_TMP_SIZE");
    }
}
