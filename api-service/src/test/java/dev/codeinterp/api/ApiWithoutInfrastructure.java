package dev.codeinterp.api;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;

import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.admission.JobSlot;
import dev.codeinterp.api.execution.JobDispatcher;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.api.execution.InMemoryIdempotencyKeys;
import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.callback.CallbackSettings;
import dev.codeinterp.common.callback.InMemoryCallbackLedger;
import dev.codeinterp.common.config.CallbackProperties;
import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.api.infra.kafka.KafkaJobConfiguration;
import dev.codeinterp.api.infra.redis.RedisAdmissionConfiguration;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.InMemoryLiveOutput;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Every endpoint of the api over a real server, with access control and admission, and everything behind them in
 * memory: files, grants, the job store and its callbacks (recorded, never sent), the limits, the idempotency keys,
 * and a worker that answers {@code 3\n} at once — or, for chats whose id starts with {@value Worker#HELD}, only when
 * the test completes the job. An enqueued job (nobody waiting) is recorded as succeeded at once, or for a held chat
 * stays queued.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = ApiApplication.class,
        excludeFilters = {@ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
                @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = {ApiApplication.class,
                        ApiWithoutInfrastructure.class, KafkaJobConfiguration.class,
                        RedisAdmissionConfiguration.class})})
@EnableConfigurationProperties(CallbackProperties.class)
public class ApiWithoutInfrastructure {

    @Bean
    InMemoryFileStore fileStore() {
        return new InMemoryFileStore();
    }

    @Bean
    GrantLedger grantLedger() {
        return new InMemoryGrantLedger();
    }

    @Bean
    OrphanedObjects orphanedObjects() {
        return new RecordingOrphanedObjects(new ArrayList<>());
    }

    @Bean
    InMemoryJobStore jobStore() {
        return new InMemoryJobStore();
    }

    @Bean
    InMemoryLiveOutput liveOutput() {
        return new InMemoryLiveOutput();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InMemoryAdmissionControl admissionControl(AdmissionLimits limits) {
        return new InMemoryAdmissionControl(limits);
    }

    @Bean
    JobLifecycle jobLifecycle(InMemoryJobStore jobs) {
        return new JobLifecycle(jobs);
    }

    @Bean
    InFlightSlots inFlightSlots(InMemoryAdmissionControl admission) {
        return (chatId, jobId) -> admission.release(new JobSlot(chatId, jobId, Instant.EPOCH));
    }

    @Bean
    CallbackSettings callbackSettings(CallbackProperties properties) {
        return properties.settings();
    }

    @Bean
    CallbackLedger callbackLedger(InMemoryJobStore jobs) {
        return new InMemoryCallbackLedger(jobs);
    }

    @Bean
    InMemoryIdempotencyKeys idempotencyKeys() {
        return new InMemoryIdempotencyKeys();
    }

    @Bean
    Worker worker(JobLifecycle lifecycle, InFlightSlots slots) {
        return new Worker(lifecycle, slots);
    }

    /**
     * The job path's far end: answers at once, or holds jobs of chats named {@code held…} until completed. Like a real
     * worker it records each job's start and result in the job store, and it counts the jobs it was given per chat
     * (queued and dispatched).
     */
    public static final class Worker implements JobDispatcher, JobQueue {

        public static final String HELD = "held";

        private final Map<String, Held> held = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> dispatched = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> enqueued = new ConcurrentHashMap<>();
        private final JobLifecycle lifecycle;
        private final InFlightSlots slots;

        Worker(JobLifecycle lifecycle, InFlightSlots slots) {
            this.lifecycle = lifecycle;
            this.slots = slots;
        }

        @Override
        public Mono<Void> enqueue(ExecutionJob job) {
            enqueued.computeIfAbsent(job.chatId(), chat -> new AtomicInteger()).incrementAndGet();
            if (!job.chatId().startsWith(HELD)) {
                lifecycle.markRunning(job.jobId(), Instant.now(), Instant.now().plusSeconds(60));
                lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("3\n")
                        .build(), Instant.now());
            }
            return Mono.empty();
        }

        @Override
        public Mono<ExecutionResult> dispatch(ExecutionJob job, Duration replyTimeout) {
            dispatched.computeIfAbsent(job.chatId(), chat -> new AtomicInteger()).incrementAndGet();
            lifecycle.markRunning(job.jobId(), Instant.now(), Instant.now().plusSeconds(60));
            if (!job.chatId().startsWith(HELD)) {
                return Mono.just(finish(job.chatId(), job.jobId()));
            }
            Sinks.One<ExecutionResult> sink = Sinks.one();
            held.put(job.chatId(), new Held(job.jobId(), sink));
            return sink.asMono();
        }

        /** Whether a job of {@code chatId} is waiting for {@link #complete}. */
        public boolean holds(String chatId) {
            return held.containsKey(chatId);
        }

        /** How many jobs of {@code chatId} were dispatched to run (waited for, not queued). */
        public int dispatched(String chatId) {
            AtomicInteger count = dispatched.get(chatId);
            return count == null ? 0 : count.get();
        }

        /** How many jobs of {@code chatId} were queued (the asynchronous path). */
        public int enqueued(String chatId) {
            AtomicInteger count = enqueued.get(chatId);
            return count == null ? 0 : count.get();
        }

        public void complete(String chatId) {
            Held job = held.remove(chatId);
            job.sink().tryEmitValue(finish(chatId, job.jobId()));
        }

        /** Records the result and, like a real worker before it replies, frees the job's admission slot. */
        private ExecutionResult finish(String chatId, String jobId) {
            ExecutionResult result = aResult().forJob(jobId).withStatus(JobStatus.SUCCEEDED).withStdout("3\n").build();
            lifecycle.finish(result, Instant.now());
            slots.free(chatId, jobId);
            return result;
        }

        private record Held(String jobId, Sinks.One<ExecutionResult> sink) {
        }
    }
}
