package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.common.retry.RetriesExhaustedException;
import dev.codeinterp.worker.execution.JobOutcome;
import dev.codeinterp.worker.execution.ReplyAddress;
import dev.codeinterp.worker.execution.ResultPublisher;
import dev.codeinterp.worker.execution.RunJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Takes jobs from Kafka only while a job slot is free: the listener blocks on the slots, so at most
 * {@code APP_WORKER_CONCURRENCY} jobs are taken (and one waits in hand), and the rest stay in Kafka for any worker.
 * Each job runs on its own thread; offsets are committed in order as jobs finish ({@link InOrderAcknowledgements}), so
 * a job is redelivered if this worker dies before finishing it.
 *
 * <p>A job handed back because the job store stayed unreachable ({@link RetriesExhaustedException}) is not
 * acknowledged: it is taken again after {@link #RETAKE_PAUSE}, keeping its slot (so the worker takes no new job while
 * the store is down), until the store answers or the worker stops; then the next worker to own the partition takes
 * its uncommitted message.
 */
public final class JobIntakeListener {

    private static final Logger log = LoggerFactory.getLogger(JobIntakeListener.class);
    /** How long the listener waits for a free slot before it checks whether the worker is stopping. */
    private static final Duration SLOT_WAIT = Duration.ofMillis(100);
    /** How long a job handed back for an unreachable job store waits before it is taken again. */
    static final Duration RETAKE_PAUSE = Duration.ofSeconds(2);

    private final ContractJson codec;
    private final DeadLetters deadLetters;
    private final JobLifecycle lifecycle;
    private final InFlightSlots inFlightSlots;
    private final RunJob runJob;
    private final ResultPublisher publisher;
    private final Semaphore slots;
    private final ExecutorService jobThreads;
    private final InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();
    private volatile boolean stopping;

    JobIntakeListener(ContractJson codec, DeadLetters deadLetters, JobLifecycle lifecycle, InFlightSlots inFlightSlots,
            RunJob runJob, ResultPublisher publisher, Semaphore slots, ExecutorService jobThreads) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.lifecycle = lifecycle;
        this.inFlightSlots = inFlightSlots;
        this.runJob = runJob;
        this.publisher = publisher;
        this.slots = slots;
        this.jobThreads = jobThreads;
    }

    @KafkaListener(topics = Topics.JOBS, containerFactory = "jobListenerContainerFactory")
    public void onJob(ConsumerRecord<String, byte[]> record, Acknowledgment ack) throws InterruptedException {
        if (stopping) {
            return; // not acknowledged: the next worker to own the partition takes it
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        acknowledgements.taken(partition, record.offset(), ack);
        ExecutionJob job;
        try {
            job = readable(record);
        } catch (UnreadableJobException e) {
            deadLetter(record, e.getMessage());
            acknowledgements.finished(partition, record.offset());
            return;
        }
        log.debug("Job {} taken {} ms after it was sent, {} ms after submission", job.jobId(),
                System.currentTimeMillis() - record.timestamp(),
                System.currentTimeMillis() - job.submittedAt().toEpochMilli());
        ReplyAddress replyTo = replyAddressOf(record);
        while (!slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            if (stopping) {
                return;
            }
        }
        jobThreads.execute(() -> {
            MDC.put("jobId", job.jobId());
            boolean handedBack = false;
            try {
                handedBack = !runUntilDelivered(job, replyTo);
            } finally {
                MDC.remove("jobId");
                slots.release();
                if (!handedBack && !runJob.isHandingBack()) {
                    acknowledgements.finished(partition, record.offset());
                }
            }
        });
    }

    /** Takes no more jobs: a message that arrives from now on stays unacknowledged, for the next worker. */
    void stopIntake() {
        stopping = true;
    }

    /** The job in the message, or why no worker can run it: an unknown message type or schema version, bad JSON. */
    private ExecutionJob readable(ConsumerRecord<String, byte[]> record) throws UnreadableJobException {
        Header typeHeader = record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE);
        String type = typeHeader == null ? null : new String(typeHeader.value(), StandardCharsets.UTF_8);
        if (!MessageHeaders.JOB_TYPE.equals(type)) {
            throw new UnreadableJobException("Unknown message type " + type + " (this worker reads "
                    + MessageHeaders.JOB_TYPE + ")");
        }
        ExecutionJob job;
        try {
            job = codec.decodeJob(record.value() == null ? new byte[0] : record.value());
        } catch (RuntimeException e) {
            throw new UnreadableJobException("Unreadable job message: " + e.getMessage());
        }
        if (job.schemaVersion() != ExecutionJob.SCHEMA_VERSION || job.jobId() == null || job.startBy() == null
                || job.limits() == null || job.output() == null) {
            throw new UnreadableJobException("Job message of schema version " + job.schemaVersion()
                    + " lacks fields this worker needs (it reads version " + ExecutionJob.SCHEMA_VERSION + ")");
        }
        return job;
    }

    /**
     * Moves the message to the dead letters, then fails its job (when its id can be read), frees its admission slot
     * (when its chat can be read too: as for every job it ends, before it replies) and answers its caller.
     */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.send(record, reason);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        codec.peekJobId(value).ifPresent(jobId -> {
            Instant now = Instant.now();
            ExecutionResult failed = ExecutionResult.notRun(jobId, JobStatus.FAILED,
                    "The job's message could not be read: " + reason, now);
            try {
                boolean stored = lifecycle.finish(failed, now) == TransitionOutcome.APPLIED;
                codec.peekChatId(value).ifPresent(chatId -> inFlightSlots.free(chatId, jobId));
                ReplyAddress replyTo = replyAddressOf(record);
                if (replyTo != null) {
                    publisher.publish(failed, stored, replyTo.topic(), replyTo.correlationId());
                }
            } catch (RuntimeException e) {
                log.warn("Job {}: could not record that its message was unreadable: {}", jobId, e.toString());
            }
        });
    }

    private static final class UnreadableJobException extends Exception {
        UnreadableJobException(String message) {
            super(message);
        }
    }

    /**
     * Runs the job, taking it again after a pause each time it is handed back for an unreachable job store. False when
     * the worker stopped meanwhile: the job's message stays unacknowledged, for the next worker.
     */
    private boolean runUntilDelivered(ExecutionJob job, ReplyAddress replyTo) {
        while (true) {
            try {
                runAndDeliver(job, replyTo);
                return true;
            } catch (RetriesExhaustedException e) {
                if (stopping || runJob.isHandingBack() || !pause(RETAKE_PAUSE)) {
                    log.warn("Job {} left unacknowledged for the next worker: the job store is unreachable",
                            job.jobId());
                    return false;
                }
                log.info("Job {}: taking it again now that {} ms have passed", job.jobId(), RETAKE_PAUSE.toMillis());
            }
        }
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The one place results are published; the sandbox is released only once its result is out. */
    private void runAndDeliver(ExecutionJob job, ReplyAddress replyTo) {
        Optional<JobOutcome> ran;
        try {
            ran = runJob.run(job);
        } catch (RetriesExhaustedException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Job {} could not be handled", job.jobId(), e);
            ran = Optional.of(JobOutcome.withoutSandbox(ExecutionResult.notRun(job.jobId(), JobStatus.FAILED,
                    "Internal error in the worker", Instant.now()), false));
        }
        ran.ifPresent(outcome -> {
            try (outcome) {
                if (replyTo != null) {
                    publisher.publish(outcome.result(), outcome.storedInJobStore(), replyTo.topic(),
                            replyTo.correlationId());
                }
            }
        });
    }

    private static ReplyAddress replyAddressOf(ConsumerRecord<?, ?> record) {
        Header topic = record.headers().lastHeader(MessageHeaders.REPLY_TOPIC);
        Header correlation = record.headers().lastHeader(MessageHeaders.CORRELATION_ID);
        return topic == null || correlation == null ? null
                : new ReplyAddress(new String(topic.value(), StandardCharsets.UTF_8), correlation.value());
    }
}
