package dev.codeinterp.api.execution;

import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionRefusals;
import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@code /v1/execute}: parsing and the use case; the {@link JobDispatcher} adapter is wired in infra. */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    @Bean
    ExecuteRequestParser executeRequestParser(ExecuteRequestSettings settings, ExpiryPolicy expiryPolicy) {
        return new ExecuteRequestParser(settings, expiryPolicy);
    }

    @Bean
    JobIntake jobIntake(ExecutionSettings settings, GrantLedger grants, OrphanedObjects objects, JobStore jobs,
            AdmissionControl admission, AdmissionRefusals refusals, Clock clock) {
        return new JobIntake(settings, grants, objects, jobs, admission, refusals, clock);
    }

    @Bean
    ExecuteCode executeCode(ExecutionSettings settings, JobIntake intake, JobDispatcher dispatcher, JobStore jobs,
            JobLifecycle lifecycle, IdempotentSubmissions submissions, Clock clock) {
        return new ExecuteCode(settings, intake, dispatcher, jobs, lifecycle, submissions, clock);
    }

    @Bean
    IdempotentSubmissions idempotentSubmissions(IdempotencyKeys keys) {
        return new IdempotentSubmissions(keys);
    }
}
