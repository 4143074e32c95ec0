package dev.codeinterp.api.execution;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/** When a request with an {@code Idempotency-Key} keeps its key (its job ran) and when it frees it (it never ran). */
class ExecuteCodeIdempotencyTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final ExecuteRequest REQUEST = new ExecuteRequest("chat", "print(42)", Map.of(), Map.of(), true, 0,
            null, Duration.ofSeconds(10));
    private static final ExecutionSettings SETTINGS = defaultApiProperties().build().executionSettings();
    private static final IdempotencyKey KEY = new IdempotencyKey("key", "fingerprint");

    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final List<String> dispatched = new ArrayList<>();
    private final Deque<Function<ExecutionJob, Mono<ExecutionResult>>> answers = new ArrayDeque<>();
    private final ExecuteCode executeCode = new ExecuteCode(
            SETTINGS,
            new JobIntake(SETTINGS, new InMemoryGrantLedger(),
                    new RecordingOrphanedObjects(new ArrayList<>()), jobs, InMemoryAdmissionControl.unlimited(),
                    Clock.fixed(NOW, ZoneOffset.UTC)),
            (job, timeout) -> {
                dispatched.add(job.jobId());
                return answers.isEmpty() ? Mono.just(succeeded(job)) : answers.poll().apply(job);
            }, jobs, new JobLifecycle(jobs), new IdempotentSubmissions(new InMemoryIdempotencyKeys()), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldRunAgainWhenTheQueueWasUnavailableTheFirstTime() {
        answers.add(job -> Mono.error(new ServiceUnavailableException("The job queue is unavailable",
                Duration.ofSeconds(5))));

        assertThatThrownBy(() -> executeCode.execute(REQUEST, KEY).block())
                .isInstanceOf(ServiceUnavailableException.class);
        ExecuteResponse response = executeCode.execute(REQUEST, KEY).block();

        assertThat(response.stdout()).isEqualTo("42\n");
        assertThat(dispatched).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldRunAgainWhenTheJobExpiredInTheQueueTheFirstTime() {
        answers.add(job -> Mono.just(aResult().forJob(job.jobId()).withStatus(JobStatus.EXPIRED).build()));

        assertThatThrownBy(() -> executeCode.execute(REQUEST, KEY).block()).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        executeCode.execute(REQUEST, KEY).block();

        assertThat(dispatched).hasSize(2);
    }

    @Test
    void shouldAnswerFromTheRecordWithoutRunningAgainWhenTheFirstReplyTimedOut() {
        answers.add(job -> Mono.error(new ReplyTimeoutException(job.jobId())));
        assertThatThrownBy(() -> executeCode.execute(REQUEST, KEY).block()).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
        String jobId = dispatched.get(0);
        JobLifecycle lifecycle = new JobLifecycle(jobs);
        lifecycle.markRunning(jobId, NOW, NOW.plusSeconds(60));
        lifecycle.finish(aResult().forJob(jobId).withStatus(JobStatus.SUCCEEDED).withStdout("late\n").build(), NOW);

        ExecuteResponse response = executeCode.execute(REQUEST, KEY).block();

        assertThat(response.stdout()).isEqualTo("late\n");
        assertThat(response.jobId()).isEqualTo(jobId);
        assertThat(dispatched).containsExactly(jobId);
    }

    private static ExecutionResult succeeded(ExecutionJob job) {
        return aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("42\n").build();
    }
}
