package dev.codeinterp.api.jobs;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.JobStore.TransitionOutcome;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The use cases behind {@code GET} and {@code DELETE /v1/jobs/{id}}. A job is visible only to its own chat: to any
 * other it does not exist (404, the same answer as for an unknown id). Cancelling a running job records it as
 * cancelled at once; its worker sees that and kills the sandbox. A job's callback is started by the lifecycle that
 * ends it (so here when it is cancelled). Blocking: call off the event loop.
 */
public final class TrackJobs {

    private static final Pattern JOB_ID = Pattern.compile("[0-9A-Za-z_-]{1,128}");

    private final JobStore jobs;
    private final JobLifecycle lifecycle;
    private final InFlightSlots slots;
    private final CallbackLedger callbacks;
    private final Clock clock;

    public TrackJobs(JobStore jobs, JobLifecycle lifecycle, InFlightSlots slots, CallbackLedger callbacks,
            Clock clock) {
        this.jobs = jobs;
        this.callbacks = callbacks;
        this.lifecycle = lifecycle;
        this.slots = slots;
        this.clock = clock;
    }

    public JobView find(String jobId, String chatId) {
        return view(record(jobId, chatId));
    }

    /** A record already read (and checked to be the caller's) as {@code GET /v1/jobs/{id}} shows it. */
    JobView view(JobRecord job) {
        return JobView.of(job, callbacks.find(job.jobId()));
    }

    /** Cancels a queued or running job; a job that has already ended gives 409 and stays as it is. */
    public JobView cancel(String jobId, String chatId) {
        JobRecord job = record(jobId, chatId);
        if (!job.status().isTerminal() && lifecycle.cancel(jobId, clock.instant()) == TransitionOutcome.APPLIED) {
            slots.free(chatId, jobId);
            return find(jobId, chatId);
        }
        JobRecord now = record(jobId, chatId);
        throw ApiException.conflict("Job " + jobId + " has already ended (" + now.status().wireName() + ")")
                .with("job_status", now.status().wireName());
    }

    private JobRecord record(String jobId, String chatId) {
        return (JOB_ID.matcher(jobId).matches() ? jobs.find(jobId) : Optional.<JobRecord>empty())
                .filter(job -> job.chatId().equals(chatId))
                .orElseThrow(() -> ApiException.notFound("Job not found: " + jobId));
    }
}
