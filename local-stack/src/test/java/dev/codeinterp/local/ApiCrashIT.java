package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two api replicas and a worker, each a JVM of its own on a broker, Redis and S3 of the test's own. Replica A accepts
 * a job and is killed with SIGKILL while the job runs: the job ends once, and its caller reads the result through
 * replica B.
 */
class ApiCrashIT {

    private static final String PROGRAM = "import time\ntime.sleep(3)\nprint('done')";

    @TempDir
    Path dir;

    @Test
    void shouldServeTheResultOfAJobThroughAnotherReplicaWhenTheReplicaThatAcceptedItIsKilled() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the worker runs bubblewrap");
        try (FaultInfrastructure infra = FaultInfrastructure.start(dir)) {
            FaultInfrastructure.Api replicaA = infra.startApi("api-a", Map.of());
            FaultInfrastructure.Api replicaB = infra.startApi("api-b", Map.of());
            infra.startWorker(2).awaitStarted();
            replicaA.awaitStarted();
            replicaB.awaitStarted();

            String jobId = JobPolls.submit(replicaA.client(), "api-crash", PROGRAM);
            JobPolls.awaitStatus(replicaB.client(), jobId, "api-crash", Set.of("running"), Duration.ofMinutes(1));
            replicaA.jvm().kill();

            Map<String, Object> job = JobPolls.awaitEnd(replicaB.client(), jobId, "api-crash", Duration.ofMinutes(1));
            assertThat(job).containsEntry("status", "succeeded");
            assertThat(JobPolls.result(job)).containsEntry("stdout", "done\n");
            assertThat(infra.attemptOf(jobId)).as("run once").isEqualTo("1");
            assertThat(TestHttp.post(replicaB.client(), "/v1/execute", Map.of("chat_id", "api-crash",
                    "source_code", "print(6 * 7)"), 200)).containsEntry("stdout", "42\n");
        }
    }
}
