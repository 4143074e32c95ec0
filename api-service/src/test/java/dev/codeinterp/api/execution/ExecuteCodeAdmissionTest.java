package dev.codeinterp.api.execution;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.admission.Admission;
import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** How the execute use case applies the shared abuse limits, and gives every slot back however the job ends. */
class ExecuteCodeAdmissionTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final ApiProperties properties = defaultApiProperties().chatMaxConcurrent(1).maxQueuedJobs(5)
            .chatRateLimit("3/1m").build();
    private final InMemoryAdmissionControl admission = new InMemoryAdmissionControl(properties.admissionLimits());
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final Sinks.One<ExecutionResult> result = Sinks.one();
    private final List<String> dispatched = new ArrayList<>();

    private ExecuteCode executeCode(AdmissionControl control) {
        return executeCode(control, (job, timeout) -> {
            dispatched.add(job.jobId());
            return result.asMono();
        });
    }

    private ExecuteCode executeCode(AdmissionControl control, JobDispatcher dispatcher) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JobIntake intake = new JobIntake(properties.executionSettings(), new InMemoryGrantLedger(),
                new RecordingOrphanedObjects(new ArrayList<>()), jobs, control, clock);
        return new ExecuteCode(properties.executionSettings(), intake, dispatcher, jobs, new JobLifecycle(jobs),
                new IdempotentSubmissions(new InMemoryIdempotencyKeys()), clock);
    }

    @Test
    void shouldHoldTheSlotWhileTheJobRunsAndLeaveItToTheWorkerWhenItsReplyArrives() {
        CountingReleases counting = new CountingReleases(admission);
        Mono<ExecuteResponse> running = executeCode(counting).execute(request("chat")).cache();
        Disposable subscription = running.subscribe();
        await().until(() -> dispatched.size() == 1);

        assertThat(admission.inFlight()).isEqualTo(1);
        workerReplies(aResult().forJob(dispatched.get(0)).withStatus(JobStatus.SUCCEEDED).build());

        assertThat(running.block()).isNotNull();
        assertThat(admission.inFlight()).isZero();
        assertThat(counting.releases()).as("the worker freed the slot before it replied").isZero();
        subscription.dispose();
    }

    @Test
    void shouldLeaveTheSlotToTheWorkerWhenItRepliesThatTheJobFailed() {
        CountingReleases counting = new CountingReleases(admission);
        Mono<ExecuteResponse> running = executeCode(counting).execute(request("chat")).cache();
        Disposable subscription = running.subscribe(r -> { }, e -> { });
        await().until(() -> dispatched.size() == 1);

        workerReplies(ExecutionResult.notRun(dispatched.get(0), JobStatus.FAILED, "Sandbox failed", NOW));

        assertThatThrownBy(running::block).isInstanceOf(ApiException.class);
        assertThat(counting.releases()).isZero();
        assertThat(admission.inFlight()).isZero();
        subscription.dispose();
    }

    @Test
    void shouldReleaseTheSlotOnceWhenTheJobsEndIsReadFromItsRecord() {
        CountingReleases counting = new CountingReleases(admission);
        ExecuteCode executeCode = executeCode(counting, (job, timeout) -> {
            new JobLifecycle(jobs).fail(job.jobId(), "Ended by the janitor", NOW); // which sends no reply
            return Mono.error(new ReplyTimeoutException(job.jobId()));
        });

        assertThatThrownBy(() -> executeCode.execute(request("chat")).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("janitor"));

        await().until(() -> counting.releases() == 1);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void shouldReleaseTheSlotWhenNoResultArrivesInTime() {
        result.tryEmitError(new ReplyTimeoutException("any"));

        assertThatThrownBy(() -> executeCode(admission).execute(request("chat")).block())
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));

        await().until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldReleaseTheSlotWhenTheQueueIsUnavailable() {
        result.tryEmitError(new ServiceUnavailableException("The job queue is unavailable", Duration.ofSeconds(5)));

        assertThatThrownBy(() -> executeCode(admission).execute(request("chat")).block())
                .isInstanceOf(ServiceUnavailableException.class);

        await().until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldReleaseTheSlotWhenTheClientGoesAway() {
        Disposable subscription = executeCode(admission).execute(request("chat")).subscribe(r -> { }, e -> { });
        await().until(() -> dispatched.size() == 1);

        subscription.dispose();

        await().until(() -> admission.inFlight() == 0);
    }

    @Test
    void shouldAnswer429WithRetryAfterAndEnqueueNothingWhenTheChatIsBusy() {
        executeCode(admission).execute(request("chat")).subscribe(r -> { }, e -> { });
        await().until(() -> dispatched.size() == 1);

        assertThatThrownBy(() -> executeCode(admission).execute(request("chat")).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).isPositive();
                    assertThat(e.getMessage()).contains("chat").contains("1 executions in flight");
                });
        assertThat(dispatched).hasSize(1);
    }

    @Test
    void shouldAnswer429WithTheTimeUntilTheWindowAdmitsAgainWhenTheChatIsRateLimited() {
        AdmissionControl limited = fixed(Admission.rateLimited(Duration.ofMillis(12_300)));

        assertThatThrownBy(() -> executeCode(limited).execute(request("chat")).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(12_300));
                    assertThat(e.getMessage()).contains("3 per 1m");
                });
        assertThat(dispatched).isEmpty();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheQueueIsFull() {
        AdmissionControl full = fixed(Admission.refused(Admission.Outcome.QUEUE_FULL));

        assertThatThrownBy(() -> executeCode(full).execute(request("chat")).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThat(dispatched).isEmpty();
    }

    @Test
    void shouldHoldTheSlotUntilShortlyAfterTheReplyTimeout() {
        List<JobSlot> slots = new ArrayList<>();
        AdmissionControl recording = new AdmissionControl() {
            @Override
            public Admission admit(JobSlot slot, Instant now) {
                slots.add(slot);
                return Admission.admitted();
            }

            @Override
            public void release(JobSlot slot) {
            }
        };
        executeCode(recording).execute(request("chat")).subscribe(r -> { }, e -> { });
        await().until(() -> dispatched.size() == 1);

        // queue timeout 30 s + the program's 10 s + result grace 60 s, then the margin
        assertThat(slots).singleElement().satisfies(slot -> {
            assertThat(slot.heldUntil()).isEqualTo(NOW.plusSeconds(100).plus(JobIntake.HOLD_MARGIN));
            assertThat(slot.jobId()).isEqualTo(dispatched.get(0));
        });
    }

    /** What the worker does when a job ends: frees its slot, then replies. */
    private void workerReplies(ExecutionResult end) {
        admission.release(new JobSlot("chat", end.jobId(), NOW));
        result.tryEmitValue(end);
    }

    /** Counts the api's own releases; the worker frees slots through the admission it wraps. */
    private static final class CountingReleases implements AdmissionControl {
        private final AdmissionControl admission;
        private final AtomicInteger releases = new AtomicInteger();

        CountingReleases(AdmissionControl admission) {
            this.admission = admission;
        }

        @Override
        public Admission admit(JobSlot slot, Instant now) {
            return admission.admit(slot, now);
        }

        @Override
        public void release(JobSlot slot) {
            releases.incrementAndGet();
            admission.release(slot);
        }

        int releases() {
            return releases.get();
        }
    }

    private static AdmissionControl fixed(Admission answer) {
        return new AdmissionControl() {
            @Override
            public Admission admit(JobSlot slot, Instant now) {
                return answer;
            }

            @Override
            public void release(JobSlot slot) {
                throw new AssertionError("a refused job holds no slot");
            }
        };
    }

    private static ExecuteRequest request(String chatId) {
        return new ExecuteRequest(chatId, "print(42)", Map.of(), Map.of(), true, 0, null, Duration.ofSeconds(10));
    }
}
