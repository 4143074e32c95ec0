package dev.codeinterp.api.execution;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/** A job whose reply never comes is answered from its record once someone else has ended it. */
class ExecuteCodeEndedWithoutReplyTest {

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final JobLifecycle lifecycle = new JobLifecycle(jobs);
    private final List<ExecutionJob> dispatched = new CopyOnWriteArrayList<>();
    private final ExecutionSettings settings = shortQueue(defaultApiProperties().build().executionSettings());
    private final ExecuteCode executeCode = new ExecuteCode(settings,
            new JobIntake(settings, new InMemoryGrantLedger(), new RecordingOrphanedObjects(new ArrayList<>()), jobs,
                    InMemoryAdmissionControl.unlimited(), Clock.systemUTC()),
            (job, timeout) -> {
                dispatched.add(job);
                return Mono.never(); // the reply is lost
            }, jobs, new JobLifecycle(jobs), new IdempotentSubmissions(new InMemoryIdempotencyKeys()), Clock.systemUTC());

    @Test
    void shouldAnswer503WhenTheJanitorExpiredTheJobInTheQueue() {
        Thread janitor = new Thread(() -> lifecycle.expire(awaitDispatched().jobId(), "waited too long",
                Instant.now()));
        janitor.start();

        assertThatThrownBy(() -> executeCode.execute(request()).block(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }

    @Test
    void shouldAnswerTheRecordedResultOfAWorkerThatStoppedBeforeReplying() {
        Thread worker = new Thread(() -> {
            ExecutionJob job = awaitDispatched();
            lifecycle.markRunning(job.jobId(), Instant.now(), Instant.now().plusSeconds(60));
            lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("recorded\n")
                    .build(), Instant.now());
        });
        worker.start();

        ExecuteResponse response = executeCode.execute(request()).block(Duration.ofSeconds(30));

        assertThat(response.stdout()).isEqualTo("recorded\n");
    }

    private ExecutionJob awaitDispatched() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (dispatched.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return dispatched.get(0);
    }

    private static ExecuteRequest request() {
        return new ExecuteRequest("chat", "print(42)", Map.of(), Map.of(), true, 0, null, Duration.ofSeconds(10));
    }

    private static ExecutionSettings shortQueue(ExecutionSettings defaults) {
        return new ExecutionSettings(Duration.ofMillis(200), defaults.asyncQueueTimeout(), defaults.resultGrace(),
                defaults.jobResultTtl(), defaults.maxOutputBytes(), defaults.admission());
    }
}
