package dev.codeinterp.worker.execution;

import static dev.codeinterp.common.job.ExecutionJobBuilder.anExecutionJob;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.anAgentError;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.anAgentReply;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.sha256;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionLimits;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.InMemoryLiveOutput;
import dev.codeinterp.common.job.LeaseState;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.OutputChunk;
import dev.codeinterp.common.job.OutputPolicy;
import dev.codeinterp.common.retry.BoundedRetry;
import dev.codeinterp.common.retry.RetriesExhaustedException;
import dev.codeinterp.worker.sandbox.agent.AgentChannel;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.ScriptedSandbox;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.AgentSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunJobTest {

    /** The worker's clock: ten seconds after the builder's job was submitted, before its start-by. */
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:10.750Z");

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final OutageJobStore store = new OutageJobStore(jobs);
    private final JobLifecycle lifecycle = new JobLifecycle(store);
    private final List<Duration> storePauses = Collections.synchronizedList(new ArrayList<>());
    private final BoundedRetry storeRetry = new BoundedRetry(4, Duration.ofMillis(100), Duration.ofMillis(400),
            OutageJobStore.StoreDown.class::isInstance, storePauses::add);
    private final InMemoryFileStore files = new InMemoryFileStore();
    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();
    private final RecordingDelivery publisher = new RecordingDelivery();
    private final ScriptedPool pool = new ScriptedPool();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final List<String> freedSlots = Collections.synchronizedList(new ArrayList<>());
    private final InFlightSlots slots = (chatId, jobId) -> freedSlots.add(chatId + "/" + jobId);
    private LiveOutput liveOutput = new InMemoryLiveOutput();
    private Duration resultGrace = Duration.ofSeconds(30);
    private int maxAttempts = 3;

    @AfterEach
    void stopWatchdog() {
        watchdog.shutdownNow();
    }

    @Test
    void shouldExpireWithoutRunningWhenJobIsPastStartBy() {
        // given
        ExecutionJob job = queued(anExecutionJob().startBy(NOW.minusMillis(1)).build());

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(pool.leases).isZero();
        assertThat(statusOf(job)).isEqualTo(JobStatus.EXPIRED);
        Published published = publisher.only();
        assertThat(published.result().status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(published.result().failureReason()).isNotBlank();
        assertThat(published.storedInJobStore()).isTrue();
    }

    @Test
    void shouldRunJobWhenStartByIsExactlyNow() {
        ExecutionJob job = queued(anExecutionJob().startBy(NOW).build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().build()));

        publisher.deliver(runJob().run(job));

        assertThat(pool.leases).isOne();
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldPublishExpiryAsNotStoredWhenJobRecordIsMissing() {
        ExecutionJob job = anExecutionJob().startBy(NOW.minusSeconds(1)).build();

        publisher.deliver(runJob().run(job));

        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(publisher.only().storedInJobStore()).isFalse();
    }

    @Test
    void shouldSendTheRecordedResultAgainWithoutRunningWhenExpiredJobHasAlreadyEnded() {
        ExecutionJob job = ended(anExecutionJob().startBy(NOW.minusSeconds(1)).build());

        publisher.deliver(runJob().run(job));

        assertThat(pool.leases).isZero();
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldSendTheRecordedResultAgainWithoutRunningWhenDuplicateDeliveryFindsJobEnded() {
        // given: its worker recorded the result and stopped before sending it, or the janitor ended it
        ExecutionJob job = ended(anExecutionJob().build());
        ExecutionResult stored = jobs.find(job.jobId()).orElseThrow().result();

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(pool.leases).isZero();
        assertThat(publisher.only().result()).isEqualTo(stored);
        assertThat(publisher.only().storedInJobStore()).isTrue();
        assertThat(jobs.find(job.jobId()).orElseThrow().result()).isEqualTo(stored);
    }

    @Test
    void shouldRecordGrantAndPublishWhenRunSucceedsWithFiles() {
        // given
        byte[] plot = {(byte) 0x89, 'P', 'N', 'G'};
        byte[] csv = utf8("a,b\n1,2\n");
        ExecutionJob job = queued(anExecutionJob().withChatId("chat-7")
                .withOutput(new OutputPolicy(true, 3, Duration.ofHours(1))).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().withStdout("done\n").withStderr("warn\n")
                .withExitCode(0).withFile("/workspace/out/plot.png", plot).withFile("/workspace/data.csv", csv)
                .build());
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then: expiry is the finish time plus an hour, truncated to the second
        Instant expiresAt = Instant.parse("2030-01-01T13:00:10Z");
        JobRecord record = jobs.find(job.jobId()).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.SUCCEEDED);
        ExecutionResult result = record.result();
        assertThat(result.stdout()).isEqualTo("done\n");
        assertThat(result.stderr()).isEqualTo("warn\n");
        assertThat(result.exitCode()).isZero();
        assertThat(result.failureReason()).isNull();
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertThat(result.finishedAt()).isEqualTo(NOW);
        assertThat(result.files()).containsOnly(entry("/workspace/out/plot.png", sha256(plot)),
                entry("/workspace/data.csv", sha256(csv)));
        assertThat(result.filesMetadata()).containsOnly(
                entry("/workspace/out/plot.png", new FileMetadata(3, expiresAt)),
                entry("/workspace/data.csv", new FileMetadata(3, expiresAt)));
        assertThat(grants.registered()).containsExactly(
                entry(new GrantKey("chat-7", sha256(plot), "plot.png"), new GrantLimits(3, expiresAt)),
                entry(new GrantKey("chat-7", sha256(csv), "data.csv"), new GrantLimits(3, expiresAt)));
        assertThat(files.bytesOf(sha256(plot))).isEqualTo(plot);
        assertThat(files.bytesOf(sha256(csv))).isEqualTo(csv);
        Published published = publisher.only();
        assertThat(published.result()).isEqualTo(result);
        assertThat(published.storedInJobStore()).isTrue();
        assertThat(requestSentTo(sandbox).get("collect_files").asBoolean()).isTrue();
    }

    @Test
    void shouldRegisterUnlimitedNeverExpiringGrantWhenMaxDownloadsIsZeroAndNoExpiry() {
        byte[] content = utf8("x");
        ExecutionJob job = queued(anExecutionJob().withOutput(new OutputPolicy(true, 0, null)).build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().withFile("/workspace/x.txt", content).build()));

        publisher.deliver(runJob().run(job));

        assertThat(grants.registered()).containsExactly(
                entry(new GrantKey("chat-1", sha256(content), "x.txt"), new GrantLimits(null, null)));
        assertThat(publisher.only().result().filesMetadata())
                .containsExactly(entry("/workspace/x.txt", new FileMetadata(null, null)));
    }

    @Test
    void shouldWriteEachChunkOfTheAttemptToLiveOutputWhenJobAsksForIt() {
        // given
        ExecutionJob job = queued(anExecutionJob().withOutput(new OutputPolicy(true, 0, null, true)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(concat(utf8(
                "{\"v\":1,\"chunk\":\"stdout\",\"text\":\"4\"}\n{\"v\":1,\"chunk\":\"stderr\",\"text\":\"w\"}\n"),
                anAgentReply().build()));
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(requestSentTo(sandbox).get("stream_output").asBoolean()).isTrue();
        assertThat(liveOutput.readAfter(job.jobId(), LiveOutput.START, 10))
                .extracting(OutputChunk::attempt, OutputChunk::stream, OutputChunk::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, OutputChunk.Stream.STDOUT, "4"),
                        org.assertj.core.groups.Tuple.tuple(1, OutputChunk.Stream.STDERR, "w"));
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldNotAskForLiveOutputWhenJobDoesNot() {
        ExecutionJob job = queued(anExecutionJob().build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        publisher.deliver(runJob().run(job));

        assertThat(requestSentTo(sandbox).get("stream_output").asBoolean()).isFalse();
    }

    @Test
    void shouldSucceedWhenLiveOutputCannotBeWritten() {
        // given
        liveOutput = new LiveOutput() {
            @Override
            public void append(String jobId, int attempt, OutputChunk.Stream stream, String text) {
                throw new IllegalStateException("Redis is down");
            }

            @Override
            public List<OutputChunk> readAfter(String jobId, String after, int max) {
                return List.of();
            }
        };
        ExecutionJob job = queued(anExecutionJob().withOutput(new OutputPolicy(true, 0, null, true)).build());
        pool.willLease(ScriptedSandbox.replying(concat(utf8(
                "{\"v\":1,\"chunk\":\"stdout\",\"text\":\"42\\n\"}\n"), anAgentReply().withStdout("42\n").build())));

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(publisher.only().result().stdout()).isEqualTo("42\n");
    }

    @Test
    void shouldRegisterNoGrantsAndReturnNoFilesWhenWorkspaceIsNotPersisted() {
        // given
        ExecutionJob job = queued(anExecutionJob().withOutput(new OutputPolicy(false, 0, null)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(requestSentTo(sandbox).get("collect_files").asBoolean()).isFalse();
        assertThat(grants.registered()).isEmpty();
        ExecutionResult result = publisher.only().result();
        assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.files()).isEmpty();
        assertThat(result.filesMetadata()).isEmpty();
    }

    @Test
    void shouldRecordTimedOutWhenAgentReportsTimeout() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().withStdout("partial").timedOut().build()));

        publisher.deliver(runJob().run(job));

        assertThat(statusOf(job)).isEqualTo(JobStatus.TIMED_OUT);
        ExecutionResult result = publisher.only().result();
        assertThat(result.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(result.stdout()).isEqualTo("partial");
        assertThat(result.exitCode()).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("brokenReplies")
    void shouldFailWithSandboxReasonWhenAgentFails(byte[] reply, String reasonPart) {
        // given
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(reply));

        // when
        publisher.deliver(runJob().run(job));

        // then
        JobRecord record = jobs.find(job.jobId()).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.FAILED);
        assertThat(record.result().failureReason()).startsWith("Sandbox failed:").contains(reasonPart);
        assertThat(grants.registered()).isEmpty();
        assertThat(publisher.only().result()).isEqualTo(record.result());
        assertThat(publisher.only().storedInJobStore()).isTrue();
    }

    static Stream<Arguments> brokenReplies() {
        byte[] content = utf8("content");
        byte[] complete = anAgentReply().withFile("/workspace/a.txt", content).build();
        return Stream.of(
                Arguments.of(new byte[0], "ended before replying"),
                Arguments.of(anAgentError("bad request"), "bad request"),
                Arguments.of(anAgentReply().withFile("/workspace/a.txt", content, sha256(utf8("other"))).build(),
                        "wrong hash"),
                Arguments.of(anAgentReply().withFile("/etc/passwd", content).build(), "invalid output path"),
                Arguments.of(Arrays.copyOf(complete, complete.length - 2), "Could not receive output files"));
    }

    @Test
    void shouldFailWithNoSandboxAvailableWhenLeaseFails() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willFail(new SandboxFailure("No sandbox could be started within 30 s"));

        publisher.deliver(runJob().run(job));

        JobRecord record = jobs.find(job.jobId()).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.FAILED);
        assertThat(record.result().failureReason())
                .isEqualTo("No sandbox available: No sandbox could be started within 30 s");
        assertThat(publisher.only().result()).isEqualTo(record.result());
    }

    @ParameterizedTest
    @MethodSource("everyReply")
    void shouldCloseSandboxOnceAfterPublishingWhenRunEndsInAnyWay(byte[] reply, JobStatus expected) {
        // given
        ExecutionJob job = queued(anExecutionJob().build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(reply).recordingTo(journal);
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(journal).containsExactly("published " + expected, "sandbox closed");
        assertThat(sandbox.closeCount()).isOne();
    }

    static Stream<Arguments> everyReply() {
        return Stream.of(
                Arguments.of(anAgentReply().withFile("/workspace/a.txt", utf8("a")).build(), JobStatus.SUCCEEDED),
                Arguments.of(anAgentReply().timedOut().build(), JobStatus.TIMED_OUT),
                Arguments.of(anAgentError("bad request"), JobStatus.FAILED),
                Arguments.of(new byte[0], JobStatus.FAILED));
    }

    @Test
    void shouldCloseSandboxWhenNobodyWaitsForResult() {
        ExecutionJob job = queued(anExecutionJob().build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        runJob().run(job).ifPresent(JobOutcome::close);

        assertThat(publisher.published).isEmpty();
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(sandbox.closeCount()).isOne();
    }

    @Test
    void shouldKillSandboxAndFailWhenAgentDoesNotReplyBeforeHostDeadline() {
        // given: the host allows the program's timeout plus the grace, 200 ms in all
        resultGrace = Duration.ofMillis(100);
        ExecutionJob job = queued(anExecutionJob()
                .withLimits(new ExecutionLimits(Duration.ofMillis(100), 1024)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.silentUntilKilled().recordingTo(journal);
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(sandbox.wasKilled()).isTrue();
        assertThat(journal).containsExactly("sandbox killed", "published FAILED", "sandbox closed");
        assertThat(publisher.only().result().failureReason()).startsWith("Sandbox failed:");
        assertThat(jobs.find(job.jobId()).orElseThrow().runDeadline()).isEqualTo(NOW.plusMillis(200));
    }

    @Test
    void shouldKillSandboxAndKeepTheCancellationWhenTheJobIsCancelledWhileItRuns() {
        // given: a program that runs until its sandbox is killed, and a client that cancels it meanwhile
        ExecutionJob job = queued(anExecutionJob().build());
        ScriptedSandbox sandbox = ScriptedSandbox.silentUntilKilled().recordingTo(journal);
        pool.willLease(sandbox);
        watchdog.schedule(() -> lifecycle.cancel(job.jobId(), NOW), 50, TimeUnit.MILLISECONDS);

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(sandbox.wasKilled()).isTrue();
        assertThat(statusOf(job)).isEqualTo(JobStatus.CANCELLED);
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void shouldTakeOverAJobWhoseWorkerStoppedEvenWhenItIsPastItsStartBy() {
        // given: attempt 1 started 20 s ago, and its worker stopped renewing its lease 10 s ago
        ExecutionJob job = queued(anExecutionJob().startBy(NOW.minusMillis(1)).build());
        lifecycle.startAttempt(job.jobId(), NOW.minusSeconds(20), NOW, NOW.minusSeconds(10), NOW.plusSeconds(60), 3);
        pool.willLease(ScriptedSandbox.replying(anAgentReply().build()));

        // when
        publisher.deliver(runJob().run(job));

        // then
        assertThat(pool.leases).isOne();
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.find(job.jobId()).orElseThrow().startedAt()).as("started again, by attempt 2").isEqualTo(NOW);
    }

    @Test
    void shouldFailTheJobWithoutRunningItWhenItsWorkerStoppedDuringEveryAttempt() {
        maxAttempts = 2;
        ExecutionJob job = queued(anExecutionJob().build());
        lifecycle.startAttempt(job.jobId(), NOW.minusSeconds(40), NOW, NOW.minusSeconds(30), NOW.plusSeconds(60), 2);
        lifecycle.startAttempt(job.jobId(), NOW.minusSeconds(20), NOW, NOW.minusSeconds(10), NOW.plusSeconds(60), 2);

        publisher.deliver(runJob().run(job));

        assertThat(pool.leases).isZero();
        assertThat(statusOf(job)).isEqualTo(JobStatus.FAILED);
        assertThat(publisher.only().result().failureReason())
                .isEqualTo("The job's worker stopped during each of its 2 attempts");
    }

    @Test
    void shouldKillTheSandboxAndRecordNothingWhenALaterAttemptTookTheJobOver() {
        // given: while attempt 1 runs, another worker takes the job over (as if attempt 1's lease had lapsed)
        ExecutionJob job = queued(anExecutionJob().build());
        ScriptedSandbox sandbox = ScriptedSandbox.silentUntilKilled().recordingTo(journal);
        pool.willLease(sandbox);
        watchdog.schedule(() -> jobs.startAttempt(job.jobId(), NOW.plus(RunJob.LEASE).plusMillis(1), NOW,
                NOW.plus(RunJob.LEASE).plus(RunJob.LEASE), NOW.plusSeconds(90), 3), 50, TimeUnit.MILLISECONDS);

        // when
        publisher.deliver(runJob().run(job));

        // then: attempt 1 stopped, and left the job to attempt 2
        assertThat(sandbox.wasKilled()).isTrue();
        assertThat(publisher.published).isEmpty();
        assertThat(statusOf(job)).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.renewLease(job.jobId(), 2, NOW)).isEqualTo(LeaseState.CURRENT);
    }

    @Test
    void shouldGrantNoFileWhenALaterAttemptTookTheJobOverWhileTheProgramRan() {
        ExecutionJob job = queued(anExecutionJob().withOutput(new OutputPolicy(true, 3, null)).build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().withFile("/workspace/out.csv", utf8("a\n")).build())
                .whileRunning(() -> jobs.startAttempt(job.jobId(), NOW.plus(RunJob.LEASE).plusMillis(1), NOW,
                        NOW.plus(RunJob.LEASE).plus(RunJob.LEASE), NOW.plusSeconds(90), 3)));

        publisher.deliver(runJob().run(job));

        assertThat(grants.registered()).isEmpty();
        assertThat(publisher.published).isEmpty();
        assertThat(statusOf(job)).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void shouldWaitForTheRunningAttemptAndSendItsRecordedResultWhenItEndsMeanwhile() {
        // given: attempt 1 runs elsewhere with a live lease, and ends shortly
        ExecutionJob job = queued(anExecutionJob().build());
        lifecycle.startAttempt(job.jobId(), NOW, NOW, NOW.plus(RunJob.LEASE), NOW.plusSeconds(90), 3);
        watchdog.schedule(() -> lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).build(),
                NOW, 1), 100, TimeUnit.MILLISECONDS);

        // when
        publisher.deliver(runJob().run(job));

        // then: not run again; its result is sent again, in case its worker stopped before sending it
        assertThat(pool.leases).isZero();
        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldStopWaitingForTheRunningAttemptAndKeepItsSlotWhenTheWorkerHandsItsJobsBack() {
        // given: attempt 1 runs elsewhere with a lease that holds (the clock stands still), and this worker stops
        ExecutionJob job = queued(anExecutionJob().build());
        lifecycle.startAttempt(job.jobId(), NOW, NOW, NOW.plus(RunJob.LEASE), NOW.plusSeconds(90), 3);
        RunJob runJob = runJob();
        watchdog.schedule(runJob::handBack, 100, TimeUnit.MILLISECONDS);

        // when
        publisher.deliver(runJob.run(job));

        // then
        assertThat(pool.leases).isZero();
        assertThat(publisher.published).isEmpty();
        assertThat(freedSlots).as("the job still runs elsewhere").isEmpty();
        assertThat(statusOf(job)).isEqualTo(JobStatus.RUNNING);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldFreeTheJobsAdmissionSlotOnceWhenItEndsRunOrExpired(boolean expired) {
        ExecutionJob job = queued(anExecutionJob().startBy(expired ? NOW.minusMillis(1) : NOW).build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().build()));

        publisher.deliver(runJob().run(job));

        assertThat(freedSlots).containsExactly(job.chatId() + "/" + job.jobId());
    }

    @Test
    void shouldFreeTheJobsAdmissionSlotWhenNoSandboxCanBeLeased() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willFail(new SandboxFailure("pool closed"));

        publisher.deliver(runJob().run(job));

        assertThat(freedSlots).containsExactly(job.chatId() + "/" + job.jobId());
    }

    @Test
    void shouldStreamInputFilesFromFileStoreIntoSandboxWhenJobHasInputs() throws Exception {
        // given
        byte[] csv = utf8("x,y\n1,2\n");
        files.put(sha256(csv), new ByteArrayInputStream(csv), csv.length);
        ExecutionJob job = queued(anExecutionJob().withInputFile("/workspace/in.csv", sha256(csv)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob().run(job));

        // then
        JsonNode request = requestSentTo(sandbox);
        assertThat(request.get("files").get(0).get("path").asString()).isEqualTo("/workspace/in.csv");
        assertThat(request.get("files").get(0).get("size").asLong()).isEqualTo(csv.length);
        assertThat(request.get("source_code").asString()).isEqualTo(job.sourceCode());
        assertThat(request.get("timeout_ms").asLong()).isEqualTo(job.limits().timeout().toMillis());
        assertThat(bytesAfterHeader(sandbox)).isEqualTo(csv);
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shouldSendTheInstalledPackagesAndNoticesWithWhatIsLeftOfTheTimeoutAfterTheInstalls() throws Exception {
        // given: installs that take two and a half seconds of the job's timeout
        byte[] csv = utf8("x\n");
        files.put(sha256(csv), new ByteArrayInputStream(csv), csv.length);
        ExecutionJob job = queued(anExecutionJob().withInputFile("/workspace/helper.py", sha256(csv)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);
        List<Object> asked = new ArrayList<>();
        JobPackages packages = (sourceCode, inputPaths, budget) -> {
            asked.addAll(List.of(sourceCode, inputPaths, budget));
            pause(Duration.ofMillis(2500));
            return new JobPackages.Prepared(List.of("/opt/code-interpreter/packages/abc"),
                    List.of("[package installation] could not install nope (for import nope): gone"));
        };

        // when
        publisher.deliver(runJob(packages).run(job));

        // then
        assertThat(asked).containsExactly(job.sourceCode(), List.of("/workspace/helper.py"), job.limits().timeout());
        JsonNode request = requestSentTo(sandbox);
        assertThat(request.get("package_paths").get(0).asString()).isEqualTo("/opt/code-interpreter/packages/abc");
        assertThat(request.get("notices").get(0).asString()).startsWith("[package installation] could not install");
        assertThat(request.get("timeout_ms").asLong()).isEqualTo(job.limits().timeout().minusSeconds(2).toMillis());
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldSendLimitsWithCpuTimeOfTheWallTimeoutWhenNoCpuLimitIsConfigured() throws Exception {
        // given
        ExecutionJob job = queued(anExecutionJob().withLimits(new ExecutionLimits(Duration.ofMillis(2500), 1024))
                .build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        // when
        publisher.deliver(runJob(new AgentRequest.Limits(null, 1L << 30, 256L, 1024L, 64L << 20)).run(job));

        // then
        JsonNode limits = requestSentTo(sandbox).get("limits");
        assertThat(limits.get("cpu_seconds").asLong()).isEqualTo(3);
        assertThat(limits.get("memory_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(limits.get("max_processes").asLong()).isEqualTo(256);
        assertThat(limits.get("open_files").asLong()).isEqualTo(1024);
        assertThat(limits.get("file_size_bytes").asLong()).isEqualTo(64L << 20);
    }

    @Test
    void shouldSendConfiguredCpuLimitWhenOneIsConfigured() throws Exception {
        ExecutionJob job = queued(anExecutionJob().withLimits(new ExecutionLimits(Duration.ofSeconds(60), 1024))
                .build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        publisher.deliver(runJob(new AgentRequest.Limits(5L, 1L << 30, 256L, 1024L, 64L << 20)).run(job));

        assertThat(requestSentTo(sandbox).get("limits").get("cpu_seconds").asLong()).isEqualTo(5);
    }

    @Test
    void shouldFailWithoutContactingAgentWhenInputFileIsNoLongerStored() {
        ExecutionJob job = queued(anExecutionJob().withInputFile("/workspace/in.csv", "0".repeat(64)).build());
        ScriptedSandbox sandbox = ScriptedSandbox.replying(anAgentReply().build());
        pool.willLease(sandbox);

        publisher.deliver(runJob().run(job));

        assertThat(sandbox.sentBytes()).isEmpty();
        assertThat(publisher.only().result().failureReason())
                .isEqualTo("Sandbox failed: Input file /workspace/in.csv is no longer stored");
        assertThat(sandbox.closeCount()).isOne();
    }

    @Test
    void shouldRunAndPublishAsNotStoredWhenJobRecordIsMissing() {
        ExecutionJob job = anExecutionJob().build();
        pool.willLease(ScriptedSandbox.replying(anAgentReply().build()));

        publisher.deliver(runJob().run(job));

        assertThat(publisher.only().result().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(publisher.only().storedInJobStore()).isFalse();
        assertThat(jobs.find(job.jobId())).isEmpty();
    }

    @Test
    void shouldPublishStoredOutcomeWhenJobWasEndedWhileItRan() {
        // given: the janitor fails the job while the program runs
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().build())
                .whileRunning(() -> lifecycle.fail(job.jobId(), "Run deadline passed", NOW)));

        // when
        publisher.deliver(runJob().run(job));

        // then
        JobRecord record = jobs.find(job.jobId()).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.FAILED);
        assertThat(record.result().failureReason()).isEqualTo("Run deadline passed");
        assertThat(publisher.only().result()).isEqualTo(record.result());
        assertThat(publisher.only().storedInJobStore()).isTrue();
    }

    @Test
    void shouldFailJobWhenAgentReportsFileWithoutPath() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply()
                .withRawFileEntry(Map.of("size", 1, "sha256", sha256(utf8("x"))), utf8("x")).build()));

        publisher.deliver(runJob().run(job));

        assertThat(statusOf(job)).isEqualTo(JobStatus.FAILED);
        assertThat(publisher.only().result().failureReason()).startsWith("Sandbox failed:");
    }

    @Test
    void shouldRunTheJobOnceTheStoreIsBackWhenItWasDownForAFewTries() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().withStdout("ok\n").build()));
        store.goDown();
        BoundedRetry comesBackAfterTwoPauses = new BoundedRetry(4, Duration.ofMillis(100), Duration.ofMillis(400),
                OutageJobStore.StoreDown.class::isInstance, pause -> {
                    storePauses.add(pause);
                    if (storePauses.size() == 2) {
                        store.comeBack();
                    }
                });

        publisher.deliver(runJob(comesBackAfterTwoPauses).run(job));

        assertThat(storePauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(statusOf(job)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(publisher.only().result().stdout()).isEqualTo("ok\n");
    }

    @Test
    void shouldHandTheJobBackUnstartedWithItsSlotKeptWhenTheStoreStaysDown() {
        ExecutionJob job = queued(anExecutionJob().build());
        store.goDown();

        assertThatThrownBy(() -> runJob().run(job)).isInstanceOf(RetriesExhaustedException.class);

        assertThat(store.refusedCalls()).isEqualTo(4);
        assertThat(pool.leases).isZero();
        assertThat(statusOf(job)).isEqualTo(JobStatus.QUEUED);
        assertThat(freedSlots).as("the slot stays taken for the next take of the job").isEmpty();
    }

    @Test
    void shouldHandTheJobBackWithNothingRecordedWhenTheResultCannotBeRecorded() {
        ExecutionJob job = queued(anExecutionJob().build());
        pool.willLease(ScriptedSandbox.replying(anAgentReply().withStdout("ok\n").build()).recordingTo(journal));
        store.goDown("transition");

        assertThatThrownBy(() -> runJob().run(job)).isInstanceOf(RetriesExhaustedException.class);

        JobRecord record = jobs.find(job.jobId()).orElseThrow();
        assertThat(record.status()).as("still running as attempt 1, whose lease lapses").isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.renewLease(job.jobId(), 1, NOW)).isEqualTo(LeaseState.CURRENT);
        assertThat(record.result()).isNull();
        assertThat(journal).contains("sandbox closed");
        assertThat(freedSlots).isEmpty();
    }

    private RunJob runJob(BoundedRetry retry) {
        return new RunJob(pool, files, grants, new RecordingOrphanedObjects(new ArrayList<>()), lifecycle, store,
                slots, liveOutput, watchdog, watchdog, Clock.fixed(NOW, ZoneOffset.UTC),
                new RunJob.RunSettings(1024 * 1024, resultGrace, AgentRequest.Limits.none(), maxAttempts), retry);
    }

    private RunJob runJob() {
        return runJob(AgentRequest.Limits.none());
    }

    private RunJob runJob(JobPackages packages) {
        return new RunJob(pool, files, grants, new RecordingOrphanedObjects(new ArrayList<>()), lifecycle, store,
                slots, liveOutput, watchdog, watchdog, Clock.fixed(NOW, ZoneOffset.UTC),
                new RunJob.RunSettings(1024 * 1024, resultGrace, AgentRequest.Limits.none(), maxAttempts), storeRetry,
                ExecutionMetrics.NONE, packages);
    }

    private RunJob runJob(AgentRequest.Limits limits) {
        return new RunJob(pool, files, grants, new RecordingOrphanedObjects(new ArrayList<>()), lifecycle, store,
                slots, liveOutput, watchdog, watchdog, Clock.fixed(NOW, ZoneOffset.UTC),
                new RunJob.RunSettings(1024 * 1024, resultGrace, limits, maxAttempts), storeRetry);
    }

    private ExecutionJob queued(ExecutionJob job) {
        jobs.create(JobRecord.queued(job.jobId(), job.chatId(), job.submittedAt()), Duration.ofDays(1));
        return job;
    }

    private ExecutionJob ended(ExecutionJob job) {
        queued(job);
        lifecycle.markRunning(job.jobId(), job.submittedAt(), job.submittedAt().plusSeconds(90));
        lifecycle.finish(aResult().forJob(job.jobId()).build(), job.submittedAt().plusSeconds(2));
        return job;
    }

    private JobStatus statusOf(ExecutionJob job) {
        return jobs.find(job.jobId()).orElseThrow().status();
    }

    private static JsonNode requestSentTo(ScriptedSandbox sandbox) {
        String sent = new String(sandbox.sentBytes(), StandardCharsets.ISO_8859_1);
        return JsonMapper.builder().build().readTree(sent.substring(0, sent.indexOf('\n')));
    }

    private static byte[] bytesAfterHeader(ScriptedSandbox sandbox) {
        byte[] sent = sandbox.sentBytes();
        int newline = new String(sent, StandardCharsets.ISO_8859_1).indexOf('\n');
        return Arrays.copyOfRange(sent, newline + 1, sent.length);
    }

    private record Published(ExecutionResult result, boolean storedInJobStore) {
    }

    /** Delivers an outcome as the intake listener does: the result first, then the sandbox is released. */
    private final class RecordingDelivery {

        private final List<Published> published = Collections.synchronizedList(new ArrayList<>());

        void deliver(Optional<JobOutcome> outcome) {
            outcome.ifPresent(ran -> {
                try (ran) {
                    journal.add("published " + ran.result().status());
                    published.add(new Published(ran.result(), ran.storedInJobStore()));
                }
            });
        }

        Published only() {
            assertThat(published).hasSize(1);
            return published.get(0);
        }
    }

    private static final class ScriptedPool implements SandboxPool {

        private AgentChannel next;
        private SandboxFailure failure;
        private int leases;

        void willLease(AgentChannel sandbox) {
            this.next = sandbox;
        }

        void willFail(SandboxFailure failure) {
            this.failure = failure;
        }

        @Override
        public SandboxSession lease() throws SandboxFailure {
            leases++;
            if (failure != null) {
                throw failure;
            }
            if (next == null) {
                throw new AssertionError("no sandbox prepared for this test");
            }
            return new AgentSession(next, new AgentClient());
        }

        @Override
        public long readyCount() {
            return next == null ? 0 : 1;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
