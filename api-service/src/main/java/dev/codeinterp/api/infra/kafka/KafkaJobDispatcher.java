package dev.codeinterp.api.infra.kafka;

import dev.codeinterp.api.execution.JobDispatcher;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ReplyTimeoutException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the job to {@link Topics#JOBS} with this replica's own result topic as the reply address, and awaits the
 * result by correlation id (the job id) through spring-kafka's {@link ReplyingKafkaTemplate}. A result too large
 * to travel inline is read from the job store. A job nobody waits for is sent without a reply address, and the send
 * completes once the broker has acknowledged it.
 */
final class KafkaJobDispatcher implements JobDispatcher, JobQueue {

    private static final Logger log = LoggerFactory.getLogger(KafkaJobDispatcher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ReplyingKafkaTemplate<String, byte[], byte[]> template;
    private final ContractJson codec;
    private final JobStore jobs;

    KafkaJobDispatcher(ReplyingKafkaTemplate<String, byte[], byte[]> template, ContractJson codec, JobStore jobs) {
        this.template = template;
        this.codec = codec;
        this.jobs = jobs;
    }

    @Override
    public Mono<Void> enqueue(ExecutionJob job) {
        return Mono.defer(() -> Mono.fromFuture(template.send(recordOf(job))))
                .doOnNext(sent -> log.debug("Job {} enqueued at {}-{}@{}", job.jobId(), sent.getRecordMetadata()
                        .topic(), sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset()))
                .onErrorMap(e -> unavailable(job, e))
                .then();
    }

    @Override
    public Mono<ExecutionResult> dispatch(ExecutionJob job, Duration replyTimeout) {
        ProducerRecord<String, byte[]> record = recordOf(job);
        return Mono.defer(() -> Mono.fromFuture(template.sendAndReceive(record, replyTimeout)))
                .doOnNext(reply -> log.debug("Result of job {} received {} ms after it was sent", job.jobId(),
                        System.currentTimeMillis() - reply.timestamp()))
                .flatMap(reply -> reply.headers().lastHeader(MessageHeaders.RESULT_IN_JOB_STORE) == null
                        ? Mono.just(codec.decodeResult(reply.value()))
                        : Mono.fromCallable(() -> storedResult(job.jobId())).subscribeOn(Schedulers.boundedElastic()))
                .onErrorMap(KafkaReplyTimeoutException.class, e -> {
                    log.warn("No result for job {} in time", job.jobId());
                    return new ReplyTimeoutException(job.jobId());
                })
                .onErrorMap(e -> !(e instanceof InconsistentStateException || e instanceof ReplyTimeoutException),
                        e -> unavailable(job, e));
    }

    private ProducerRecord<String, byte[]> recordOf(ExecutionJob job) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.JOBS, job.jobId(), codec.encode(job));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.JOB_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private ExecutionResult storedResult(String jobId) {
        return jobs.find(jobId).map(JobRecord::result)
                .orElseThrow(() -> new InconsistentStateException("The result of job " + jobId + " was lost"));
    }

    private static ServiceUnavailableException unavailable(ExecutionJob job, Throwable e) {
        log.error("Could not enqueue job {}", job.jobId(), e);
        return new ServiceUnavailableException("The job queue is unavailable", RETRY_AFTER);
    }
}
