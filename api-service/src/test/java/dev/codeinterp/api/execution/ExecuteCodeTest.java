package dev.codeinterp.api.execution;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/** How the execute use case turns grants, the queue and results into responses and problems. */
class ExecuteCodeTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String HASH = "a".repeat(64);

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final List<ExecutionJob> dispatched = new ArrayList<>();
    private Function<ExecutionJob, ExecutionResult> worker = job -> aResult().forJob(job.jobId())
            .withStatus(JobStatus.SUCCEEDED).withStdout("42\n").build();

    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();
    private final List<String> inUseMarks = new ArrayList<>();
    private final RecordingOrphanedObjects inUse = new RecordingOrphanedObjects(inUseMarks);

    private final ExecuteCode executeCode = new ExecuteCode(defaultApiProperties().build().executionSettings(),
            new JobIntake(defaultApiProperties().build().executionSettings(), grants, inUse, jobs,
                    InMemoryAdmissionControl.unlimited(), Clock.fixed(NOW, ZoneOffset.UTC)),
            (job, timeout) -> {
                dispatched.add(job);
                return Mono.fromSupplier(() -> worker.apply(job));
            }, jobs, new JobLifecycle(jobs), new IdempotentSubmissions(new InMemoryIdempotencyKeys()), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldRecordTheJobAsQueuedAndAnswerWithTheProgramOutput() {
        ExecuteResponse response = executeCode.execute(request(Map.of())).block();

        assertThat(response.stdout()).isEqualTo("42\n");
        assertThat(response.chatId()).isEqualTo("chat");
        ExecutionJob job = dispatched.get(0);
        assertThat(jobs.find(job.jobId())).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(record.chatId()).isEqualTo("chat");
        });
        assertThat(job.startBy()).isEqualTo(NOW.plus(Duration.ofSeconds(30)));
        assertThat(job.limits().timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldAnswer404NamingThePathWhenTheChatHoldsNoGrantForAnInputFile() {
        grants.register(new GrantKey("other-chat", HASH, "in.csv"), GrantLimits.of(0, null));

        assertThatThrownBy(() -> executeCode.execute(request(Map.of("/workspace/in.csv", HASH))).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("File not found: /workspace/in.csv");
                });
        assertThat(dispatched).isEmpty();
    }

    @Test
    void shouldPassInputFilesTheChatHolds() {
        grants.register(new GrantKey("chat", HASH, "in.csv"), GrantLimits.of(0, null));

        executeCode.execute(request(Map.of("/workspace/in.csv", HASH))).block();

        assertThat(dispatched.get(0).inputFiles()).singleElement()
                .satisfies(file -> assertThat(file.fileHash()).isEqualTo(HASH));
    }

    @Test
    void shouldKeepInputsFromDeletionUntilTheJobCanNoLongerReadThem() {
        grants.register(new GrantKey("chat", HASH, "in.csv"), GrantLimits.of(0, null));

        executeCode.execute(request(Map.of("/workspace/in.csv", HASH))).block();

        // start-by (queue timeout 30 s) + the program's timeout (10 s) + the result grace (60 s)
        assertThat(inUseMarks)
                .containsExactly("in use " + HASH + " until " + NOW.plus(Duration.ofSeconds(30 + 10 + 60)));
    }

    @Test
    void shouldMarkNothingInUseWhenTheChatHoldsNoGrantForAnInputFile() {
        assertThatThrownBy(() -> executeCode.execute(request(Map.of("/workspace/in.csv", HASH))).block())
                .isInstanceOf(ApiException.class);

        assertThat(inUseMarks).isEmpty();
    }

    @Test
    void shouldRecordTheJobFailedSoItNeverRunsWhenTheQueueCannotTakeIt() {
        worker = job -> {
            throw new ServiceUnavailableException("The job queue is unavailable", Duration.ofSeconds(5));
        };

        assertThatThrownBy(() -> executeCode.execute(request(Map.of())).block())
                .isInstanceOf(ServiceUnavailableException.class);

        assertThat(jobs.find(dispatched.get(0).jobId())).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(JobStatus.FAILED);
            assertThat(record.result().failureReason()).isEqualTo("The job could not be enqueued");
        });
    }

    @Test
    void shouldAnswerTheJobsEndWhenAWorkerTookItDespiteAQueueFailure() {
        JobLifecycle lifecycle = new JobLifecycle(jobs);
        worker = job -> {
            lifecycle.markRunning(job.jobId(), NOW, NOW.plusSeconds(60));
            lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("ran\n").build(),
                    NOW);
            throw new ServiceUnavailableException("The reply could not be awaited", Duration.ofSeconds(5));
        };

        assertThat(executeCode.execute(request(Map.of())).block().stdout()).isEqualTo("ran\n");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheJobExpiredInTheQueue() {
        worker = job -> ExecutionResult.notRun(job.jobId(), JobStatus.EXPIRED, "waited too long", NOW);

        assertThatThrownBy(() -> executeCode.execute(request(Map.of())).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).isPositive();
                });
    }

    @Test
    void shouldAnswer500WithTheReasonWhenTheJobFailed() {
        worker = job -> ExecutionResult.notRun(job.jobId(), JobStatus.FAILED, "Sandbox failed: it died", NOW);

        assertThatThrownBy(() -> executeCode.execute(request(Map.of())).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Execution failed: Sandbox failed: it died");
                });
    }

    @Test
    void shouldAnswerNormallyWhenTheProgramTimedOut() {
        worker = job -> aResult().forJob(job.jobId()).withStatus(JobStatus.TIMED_OUT).withExitCode(-1)
                .withStderr("Execution timed out\n").build();

        ExecuteResponse response = executeCode.execute(request(Map.of())).block();

        assertThat(response.exitCode()).isEqualTo(-1);
        assertThat(response.stderr()).endsWith("Execution timed out\n");
    }

    @Test
    void shouldAnswerWithTheRecordedResultWhenTheReplyTimedOutAfterTheJobEnded() {
        worker = job -> {
            JobLifecycle lifecycle = new JobLifecycle(jobs);
            lifecycle.markRunning(job.jobId(), NOW, NOW.plusSeconds(70));
            lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("late\n").build(),
                    NOW);
            throw new ReplyTimeoutException(job.jobId());
        };

        ExecuteResponse response = executeCode.execute(request(Map.of())).block();

        assertThat(response.stdout()).isEqualTo("late\n");
    }

    @Test
    void shouldAnswer504NamingTheJobWhenTheReplyTimedOutBeforeTheJobEnded() {
        worker = job -> {
            throw new ReplyTimeoutException(job.jobId());
        };

        assertThatThrownBy(() -> executeCode.execute(request(Map.of())).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    String jobId = dispatched.get(0).jobId();
                    assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                    assertThat(e.properties()).containsEntry("job_id", jobId);
                    assertThat(e.getMessage()).isEqualTo("Job " + jobId
                            + " has not ended in time; read its outcome later with GET /v1/jobs/" + jobId);
                });
    }

    private static ExecuteRequest request(Map<String, String> files) {
        return new ExecuteRequest("chat", "print(42)", files, Map.of(), true, 0, null, Duration.ofSeconds(10));
    }
}
