package dev.codeinterp.common.callback;

import dev.codeinterp.common.job.JobEndListener;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a job's final state to its {@code callback_url} once it has ended, whichever service ended it (the worker
 * that ran it, the api that cancelled it, the janitor that failed it): the body is the job as {@code GET /v1/jobs/{id}}
 * shows it, signed when a secret is set. Attempts run on {@code executor}, never on the thread that ended the job; an
 * attempt that gets no answer or a non-2xx answer is retried after 1 s, 2 s, 4 s... up to the configured attempts;
 * a refused target (SSRF check) is not. Every attempt is recorded in the {@link CallbackLedger}.
 *
 * <p>Retries live in this process only: a service that stops while a callback waits for its next attempt drops it
 * (its record says how far it got).
 */
public final class JobCallbacks implements JobEndListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobCallbacks.class);

    private final CallbackLedger ledger;
    private final JobStore jobs;
    private final CallbackTargets targets;
    private final CallbackTransport transport;
    private final Function<Object, byte[]> json;
    private final CallbackSettings settings;
    private final ScheduledExecutorService executor;
    private final Clock clock;

    /** @param json writes a tree of maps as JSON bytes */
    public JobCallbacks(CallbackLedger ledger, JobStore jobs, CallbackTargets targets, CallbackTransport transport,
            Function<Object, byte[]> json, CallbackSettings settings, ScheduledExecutorService executor, Clock clock) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.targets = targets;
        this.transport = transport;
        this.json = json;
        this.settings = settings;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void jobEnded(String jobId, JobStatus status) {
        schedule(jobId, 0);
    }

    private void schedule(String jobId, long delayMillis) {
        try {
            executor.schedule(() -> attempt(jobId), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("Job {}: callback dropped, this service is stopping", jobId);
        }
    }

    private void attempt(String jobId) {
        try {
            // One read for the many jobs without a callback (every /v1/execute job ends here too).
            Optional<CallbackState> state = ledger.find(jobId);
            if (state.isEmpty() || state.get().delivered()) {
                return;
            }
            jobs.find(jobId).ifPresent(job -> attempt(job, state.get()));
        } catch (RuntimeException e) {
            log.error("Job {}: callback attempt failed unexpectedly", jobId, e);
        }
    }

    private void attempt(JobRecord job, CallbackState state) {
        URI url = URI.create(state.url());
        CallbackState after;
        try {
            List<InetAddress> addresses = targets.addressesOf(url);
            byte[] body = json.apply(CallbackPayload.of(job));
            int status = transport.post(url, addresses, headersFor(body), body);
            after = status / 100 == 2 ? state.delivered(status, clock.instant())
                    : state.failed(status, "HTTP " + status);
        } catch (RefusedTargetException e) {
            log.warn("Job {}: callback refused, not retried: {}", job.jobId(), e.getMessage());
            ledger.update(job.jobId(), state.failed(null, "refused: " + e.getMessage()));
            return;
        } catch (IOException e) {
            after = state.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        ledger.update(job.jobId(), after);
        if (after.delivered()) {
            log.debug("Job {}: callback delivered ({})", job.jobId(), after.lastStatusCode());
        } else if (after.attempts() < settings.maxAttempts()) {
            log.info("Job {}: callback attempt {} failed ({}), retrying", job.jobId(), after.attempts(),
                    after.lastError());
            schedule(job.jobId(), settings.delayAfter(after.attempts()).toMillis());
        } else {
            log.warn("Job {}: callback abandoned after {} attempts ({})", job.jobId(), after.attempts(),
                    after.lastError());
        }
    }

    private Map<String, String> headersFor(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "code-interpreter-callback");
        if (settings.signs()) {
            long timestamp = clock.instant().getEpochSecond();
            headers.put(CallbackSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            headers.put(CallbackSignature.SIGNATURE_HEADER, CallbackSignature.sign(settings.secret(), timestamp, body));
        }
        return headers;
    }

    /** Stops sending; callbacks waiting for an attempt are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
