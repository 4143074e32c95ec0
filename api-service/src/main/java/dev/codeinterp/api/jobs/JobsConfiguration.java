package dev.codeinterp.api.jobs;

import dev.codeinterp.api.execution.ExecutionSettings;
import dev.codeinterp.api.execution.JobIntake;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the jobs API's use cases; the {@link JobQueue} and {@link IdempotencyKeys} adapters are wired in infra. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    SubmitJob submitJob(ExecutionSettings settings, JobIntake intake, JobQueue queue, JobLifecycle lifecycle,
            JobStore jobs, IdempotencyKeys keys, Clock clock) {
        return new SubmitJob(settings, intake, queue, lifecycle, jobs, keys, clock);
    }

    @Bean
    TrackJobs trackJobs(JobStore jobs, JobLifecycle lifecycle, InFlightSlots slots, Clock clock) {
        return new TrackJobs(jobs, lifecycle, slots, clock);
    }
}
