package dev.codeinterp.api.jobs;

import dev.codeinterp.api.execution.ExecutionSettings;
import dev.codeinterp.api.execution.IdempotencyKeys;
import dev.codeinterp.api.execution.IdempotentSubmissions;
import dev.codeinterp.api.execution.JobIntake;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.callback.CallbackSettings;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LiveOutput;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the jobs API's use cases; the {@link JobQueue} and {@link IdempotencyKeys} adapters are wired in infra, the
 * {@link CallbackLedger} and {@link CallbackSettings} in common ({@code CallbackConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    SubmitJob submitJob(ExecutionSettings settings, JobIntake intake, JobQueue queue, JobLifecycle lifecycle,
            JobStore jobs, IdempotentSubmissions submissions, CallbackLedger callbacks, Clock clock) {
        return new SubmitJob(settings, intake, queue, lifecycle, jobs, submissions, callbacks, clock);
    }

    @Bean
    TrackJobs trackJobs(JobStore jobs, JobLifecycle lifecycle, InFlightSlots slots, CallbackLedger callbacks,
            Clock clock) {
        return new TrackJobs(jobs, lifecycle, slots, callbacks, clock);
    }

    @Bean
    FollowJob followJob(JobStore jobs, LiveOutput output, TrackJobs trackJobs, Clock clock) {
        return new FollowJob(jobs, output, trackJobs, clock);
    }

    @Bean
    EventStreamSlots eventStreamSlots(JobsSettings settings, EventStreamSlots.Refusals refusals, Clock clock) {
        return new EventStreamSlots(settings.maxEventStreams(), settings.chatMaxEventStreams(), refusals, clock);
    }

    @Bean
    CallbackUrlField callbackUrlField(CallbackSettings settings) {
        return new CallbackUrlField(settings);
    }
}
