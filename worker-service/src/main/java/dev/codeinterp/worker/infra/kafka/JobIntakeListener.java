package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.worker.execution.JobOutcome;
import dev.codeinterp.worker.execution.ReplyAddress;
import dev.codeinterp.worker.execution.ResultPublisher;
import dev.codeinterp.worker.execution.RunJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
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
 */
public final class JobIntakeListener {

    private static final Logger log = LoggerFactory.getLogger(JobIntakeListener.class);

    private final ContractJson codec;
    private final RunJob runJob;
    private final ResultPublisher publisher;
    private final Semaphore slots;
    private final ExecutorService jobThreads;
    private final InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();

    public JobIntakeListener(ContractJson codec, RunJob runJob, ResultPublisher publisher, Semaphore slots,
            ExecutorService jobThreads) {
        this.codec = codec;
        this.runJob = runJob;
        this.publisher = publisher;
        this.slots = slots;
        this.jobThreads = jobThreads;
    }

    @KafkaListener(topics = Topics.JOBS, containerFactory = "jobListenerContainerFactory")
    public void onJob(ConsumerRecord<String, byte[]> record, Acknowledgment ack) throws InterruptedException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        acknowledgements.taken(partition, record.offset(), ack);
        ExecutionJob job;
        try {
            job = codec.decodeJob(record.value());
        } catch (RuntimeException e) {
            log.error("Dropping an unreadable job message at {}-{}@{}", record.topic(), record.partition(),
                    record.offset(), e);
            acknowledgements.finished(partition, record.offset());
            return;
        }
        log.debug("Job {} taken {} ms after it was sent, {} ms after submission", job.jobId(),
                System.currentTimeMillis() - record.timestamp(),
                System.currentTimeMillis() - job.submittedAt().toEpochMilli());
        ReplyAddress replyTo = replyAddressOf(record);
        slots.acquire();
        jobThreads.execute(() -> {
            MDC.put("jobId", job.jobId());
            try {
                runAndDeliver(job, replyTo);
            } finally {
                MDC.remove("jobId");
                slots.release();
                acknowledgements.finished(partition, record.offset());
            }
        });
    }

    /** The one place results are published; the sandbox is released only once its result is out. */
    private void runAndDeliver(ExecutionJob job, ReplyAddress replyTo) {
        Optional<JobOutcome> ran;
        try {
            ran = runJob.run(job);
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
