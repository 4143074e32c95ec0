package dev.codeinterp.worker.infra.kafka;

import static dev.codeinterp.common.job.ExecutionJobBuilder.anExecutionJob;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.anAgentReply;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.common.retry.BoundedRetry;
import dev.codeinterp.worker.execution.OutageJobStore;
import dev.codeinterp.worker.execution.ResultPublisher;
import dev.codeinterp.worker.execution.RunJob;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.ScriptedSandbox;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener is the one place results are published: to the reply address, before the sandbox is released. */
class JobIntakeListenerTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:10Z");
    private static final String REPLY_TOPIC = "code-interpreter.results.v1.api-1";

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final OutageJobStore store = new OutageJobStore(jobs);
    private final BoundedRetry storeRetry = new BoundedRetry(2, Duration.ZERO, Duration.ZERO,
            OutageJobStore.StoreDown.class::isInstance, pause -> { });
    private final ContractJson codec = new ContractJson();
    private final List<String> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService jobThreads = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final List<String> freedSlots = Collections.synchronizedList(new ArrayList<>());
    private Supplier<SandboxSession> sandboxes;
    private RunJob runJob;

    @AfterEach
    void stopThreads() {
        jobThreads.shutdownNow();
        watchdog.shutdownNow();
    }

    @Test
    void shouldPublishResultToReplyAddressThenReleaseSandboxWhenJobRuns() throws Exception {
        // given
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().withStdout("42\n").build())
                .recordingTo(journal);
        sandboxes = () -> new AgentSession(sandbox, new AgentClient());
        ExecutionJob job = queued(anExecutionJob().build());

        // when
        listener().onJob(record(job, true), () -> acknowledged.add(7L));

        // then
        await().until(() -> journal.size() == 2);
        assertThat(journal).containsExactly("published SUCCEEDED", "sandbox closed");
        Published only = published.get(0);
        assertThat(only.result().stdout()).isEqualTo("42\n");
        assertThat(only.storedInJobStore()).isTrue();
        assertThat(only.topic()).isEqualTo(REPLY_TOPIC);
        assertThat(only.correlationId()).isEqualTo(utf8("correlation-1"));
    }

    @Test
    void shouldReleaseSandboxWithoutPublishingWhenNobodyWaits() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build()).recordingTo(journal);
        sandboxes = () -> new AgentSession(sandbox, new AgentClient());
        ExecutionJob job = queued(anExecutionJob().build());

        listener().onJob(record(job, false), () -> acknowledged.add(7L));

        await().until(() -> sandbox.closeCount() == 1);
        assertThat(published).isEmpty();
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldPublishInternalErrorWhenRunningTheJobThrows() throws Exception {
        sandboxes = () -> {
            throw new IllegalStateException("bug");
        };
        ExecutionJob job = queued(anExecutionJob().build());

        listener().onJob(record(job, true), () -> acknowledged.add(7L));

        await().until(() -> published.size() == 1);
        assertThat(published.get(0).result().status()).isEqualTo(JobStatus.FAILED);
        assertThat(published.get(0).result().failureReason()).isEqualTo("Internal error in the worker");
        assertThat(published.get(0).storedInJobStore()).isFalse();
    }

    @Test
    void shouldSendTheRecordedResultAgainWhenDuplicateDeliveryFindsJobEnded() throws Exception {
        sandboxes = () -> {
            throw new AssertionError("an ended job must not lease a sandbox");
        };
        ExecutionJob job = queued(anExecutionJob().build());
        JobLifecycle lifecycle = new JobLifecycle(jobs);
        lifecycle.markRunning(job.jobId(), NOW, NOW.plusSeconds(90));
        lifecycle.finish(ExecutionResult.notRun(job.jobId(), JobStatus.FAILED, "earlier", NOW), NOW);

        listener().onJob(record(job, true), () -> acknowledged.add(7L));

        await().until(() -> acknowledged.size() == 1);
        assertThat(published).singleElement().satisfies(sent -> {
            assertThat(sent.result().failureReason()).isEqualTo("earlier");
            assertThat(sent.storedInJobStore()).isTrue();
        });
    }

    @Test
    void shouldDeadLetterTheMessageAndFailItsJobWhenItsSchemaVersionIsUnknown() throws Exception {
        sandboxes = () -> {
            throw new AssertionError("an unreadable job must not lease a sandbox");
        };
        ExecutionJob v1 = queued(anExecutionJob().build());
        ExecutionJob v2 = new ExecutionJob(2, v1.jobId(), v1.chatId(), null, v1.env(), v1.inputFiles(), null, null,
                v1.submittedAt(), null);

        listener().onJob(record(v2, true), () -> acknowledged.add(7L));

        assertThat(deadLetters).containsExactly("7: Job message of schema version 2 lacks fields this worker needs"
                + " (it reads version 1)");
        assertThat(acknowledged).containsExactly(7L);
        JobRecord failed = jobs.find(v1.jobId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.result().failureReason()).startsWith("The job's message could not be read: ");
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.result().status()).isEqualTo(JobStatus.FAILED);
            assertThat(p.storedInJobStore()).isTrue();
            assertThat(p.topic()).isEqualTo(REPLY_TOPIC);
        });
        // the api leaves the slot of a job answered by a worker's reply to that worker
        assertThat(journal).containsExactly("freed " + v1.jobId(), "published FAILED");
    }

    @Test
    void shouldDeadLetterAMessageThatIsNotAJob() throws Exception {
        ExecutionJob job = queued(anExecutionJob().build());
        ConsumerRecord<String, byte[]> untyped = new ConsumerRecord<>(Topics.JOBS, 0, 7L, job.jobId(),
                codec.encode(job));

        listener().onJob(untyped, () -> acknowledged.add(7L));

        assertThat(deadLetters).containsExactly("7: Unknown message type null (this worker reads ExecutionJob/1)");
        assertThat(acknowledged).containsExactly(7L);
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldDeadLetterBytesThatAreNotJsonAndAcknowledgeThem() throws Exception {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.JOBS, 0, 7L, "key", utf8("{not json"));
        garbage.headers().add(MessageHeaders.MESSAGE_TYPE, utf8(MessageHeaders.JOB_TYPE));

        listener().onJob(garbage, () -> acknowledged.add(7L));

        assertThat(deadLetters).singleElement().asString().startsWith("7: Unreadable job message: ");
        assertThat(acknowledged).containsExactly(7L);
        assertThat(published).isEmpty();
    }

    @Test
    void shouldLetARunningJobFinishAndRecordItWhenTheWorkerStopsWithinTheGrace() throws Exception {
        // given: a job whose program runs until the test lets it end
        CountDownLatch programEnds = new CountDownLatch(1);
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().withStdout("done\n").build())
                .whileRunning(() -> awaitQuietly(programEnds));
        sandboxes = () -> new AgentSession(sandbox, new AgentClient());
        ExecutionJob job = queued(anExecutionJob().build());
        JobIntakeListener listener = listener();
        listener.onJob(record(job, true), () -> acknowledged.add(7L));
        await().until(() -> jobs.find(job.jobId()).orElseThrow().status() == JobStatus.RUNNING);

        // when: the worker is told to stop, then the program ends
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                () -> new GracefulShutdown(listener, jobThreads, runJob, Duration.ofSeconds(30)).stop());
        programEnds.countDown();
        stopped.get(30, TimeUnit.SECONDS);

        // then
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(published).singleElement().satisfies(p -> assertThat(p.result().stdout()).isEqualTo("done\n"));
        assertThat(acknowledged).containsExactly(7L);
        assertThat(freedSlots).containsExactly(job.jobId());
    }

    @Test
    void shouldHandBackAJobStillRunningAfterTheGraceWithoutRecordingOrAcknowledgingIt() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.silentUntilKilled();
        sandboxes = () -> new AgentSession(sandbox, new AgentClient());
        ExecutionJob job = queued(anExecutionJob().build());
        JobIntakeListener listener = listener();
        listener.onJob(record(job, true), () -> acknowledged.add(7L));
        await().until(() -> jobs.find(job.jobId()).orElseThrow().status() == JobStatus.RUNNING);

        new GracefulShutdown(listener, jobThreads, runJob, Duration.ofMillis(200)).stop();

        assertThat(sandbox.wasKilled()).isTrue();
        assertThat(jobThreads.isTerminated()).isTrue();
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).as("left for the next attempt")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(published).isEmpty();
        assertThat(acknowledged).isEmpty();
        assertThat(freedSlots).as("the job still holds its admission slot").isEmpty();
    }

    @Test
    void shouldTakeNoJobOnceTheWorkerIsStopping() throws Exception {
        sandboxes = () -> {
            throw new AssertionError("a stopping worker must not start a job");
        };
        ExecutionJob job = queued(anExecutionJob().build());
        JobIntakeListener listener = listener();
        listener.stopIntake();

        listener.onJob(record(job, true), () -> acknowledged.add(7L));

        assertThat(acknowledged).isEmpty();
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void shouldTakeTheJobAgainAndAcknowledgeItOnlyOnceTheStoreIsBackWhenItWasHandedBack() throws Exception {
        sandboxes = () -> new AgentSession(ScriptedSandbox.replying(anAgentReply().withStdout("42\n").build()),
                new AgentClient());
        ExecutionJob job = queued(anExecutionJob().build());
        store.goDown();
        JobIntakeListener listener = listener();

        listener.onJob(record(job, true), () -> acknowledged.add(7L));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refusedCalls() >= 2);
        assertThat(acknowledged).as("handed back: not acknowledged while the store is down").isEmpty();
        store.comeBack();

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.contains(7L));
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.result().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(p.result().stdout()).isEqualTo("42\n");
        });
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldLeaveTheJobUnacknowledgedWhenTheWorkerStopsWhileTheStoreIsDown() throws Exception {
        sandboxes = () -> {
            throw new AssertionError("no sandbox while the store is down");
        };
        ExecutionJob job = queued(anExecutionJob().build());
        store.goDown();
        JobIntakeListener listener = listener();

        listener.onJob(record(job, true), () -> acknowledged.add(7L));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refusedCalls() >= 2);
        listener.stopIntake();
        jobThreads.shutdown();

        assertThat(jobThreads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).isEmpty();
        assertThat(published).isEmpty();
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JobIntakeListener listener() {
        SandboxPool pool = new SandboxPool() {
            @Override
            public SandboxSession lease() throws SandboxFailure {
                return sandboxes.get();
            }

            @Override
            public long readyCount() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        runJob = new RunJob(pool, new InMemoryFileStore(), new InMemoryGrantLedger(),
                new RecordingOrphanedObjects(new ArrayList<>()), new JobLifecycle(store), store,
                (chatId, jobId) -> freedSlots.add(jobId), LiveOutput.NONE,
                watchdog, watchdog, Clock.fixed(NOW, ZoneOffset.UTC),
                new RunJob.RunSettings(1024, Duration.ofSeconds(30), AgentRequest.Limits.none(), 3), storeRetry);
        ResultPublisher publisher = (result, stored, topic, correlationId) -> {
            journal.add("published " + result.status());
            published.add(new Published(result, stored, topic, correlationId));
        };
        return new JobIntakeListener(codec, (record, reason) -> deadLetters.add(record.offset() + ": " + reason),
                new JobLifecycle(store), (chatId, jobId) -> {
                    journal.add("freed " + jobId);
                    freedSlots.add(jobId);
                }, runJob, publisher, new Semaphore(1), jobThreads);
    }

    private ExecutionJob queued(ExecutionJob job) {
        jobs.create(JobRecord.queued(job.jobId(), job.chatId(), job.submittedAt()), Duration.ofDays(1));
        return job;
    }

    private ConsumerRecord<String, byte[]> record(ExecutionJob job, boolean withReplyAddress) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.JOBS, 0, 7L, job.jobId(),
                codec.encode(job));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, utf8(MessageHeaders.JOB_TYPE));
        if (withReplyAddress) {
            record.headers().add(MessageHeaders.REPLY_TOPIC, utf8(REPLY_TOPIC));
            record.headers().add(MessageHeaders.CORRELATION_ID, utf8("correlation-1"));
        }
        return record;
    }

    private record Published(ExecutionResult result, boolean storedInJobStore, String topic, byte[] correlationId) {
    }
}
