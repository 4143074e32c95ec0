package dev.codeinterp.api.jobs;

import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.job.LiveOutput;
import dev.codeinterp.common.job.OutputChunk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code GET /v1/jobs/{id}/events} and {@code POST /v1/execute/stream}: a job's events, from a
 * cursor on, read from the shared job store and live output (so any api replica serves any job). A {@code status}
 * event whenever the status changes or a new attempt's output starts (a job re-run after its worker stopped starts
 * its output again), the {@code stdout} and {@code stderr} chunks as the program writes them, then the final
 * {@code status} and a {@code result} event with the job as {@code GET /v1/jobs/{id}} shows it, and the stream ends.
 *
 * <p>The store is polled every {@link #POLL}: the record first, then the output, so once the record shows the job
 * ended, every chunk (all written before the end was recorded) is read before the result is sent.
 */
public final class FollowJob {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int PAGE = 256;

    private final JobStore jobs;
    private final LiveOutput output;
    private final TrackJobs trackJobs;
    private final Clock clock;

    public FollowJob(JobStore jobs, LiveOutput output, TrackJobs trackJobs, Clock clock) {
        this.jobs = jobs;
        this.output = output;
        this.trackJobs = trackJobs;
        this.clock = clock;
    }

    /**
     * The job's events after {@code from}; the caller has checked the job is the chat's. Ends with the result. The
     * stream holds {@code slot} while it polls, and gives it back when it ends or its client leaves.
     */
    public Flux<JobEvent> events(String jobId, String chatId, EventCursor from, EventStreamSlots.Slot slot) {
        if (from.ended()) {
            slot.close();
            return Flux.empty();
        }
        Follower follower = new Follower(jobId, chatId, from);
        return Flux.interval(Duration.ZERO, POLL)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(() -> {
                    slot.touch();
                    return follower.step();
                }).subscribeOn(Schedulers.boundedElastic()), 1)
                .takeUntil(Step::ended)
                .concatMapIterable(Step::events)
                .doFinally(signal -> slot.close());
    }

    private record Step(List<JobEvent> events, boolean ended) {
    }

    /** The state of one stream: what it has sent so far. Steps run one at a time. */
    private final class Follower {

        private final String jobId;
        private final String chatId;
        private EventCursor cursor;
        private Instant lastSent;

        Follower(String jobId, String chatId, EventCursor from) {
            this.jobId = jobId;
            this.chatId = chatId;
            this.cursor = from;
            this.lastSent = clock.instant();
        }

        Step step() {
            Optional<JobRecord> found = jobs.find(jobId).filter(job -> job.chatId().equals(chatId));
            List<JobEvent> events = new ArrayList<>();
            if (found.isEmpty()) {
                events.add(new JobEvent(cursor.id(), "error", new JobEvent.ErrorData("Job not found: " + jobId
                        + " (its record has expired)")));
                return new Step(events, true);
            }
            JobRecord job = found.get();
            JobStatus status = job.status();
            if (!status.isTerminal() && status != cursor.status()) {
                events.add(status(status, null));
            }
            List<OutputChunk> chunks;
            do {
                chunks = output.readAfter(jobId, cursor.position(), PAGE);
                chunks.forEach(chunk -> addChunk(events, chunk));
            } while (status.isTerminal() && chunks.size() == PAGE);
            if (status.isTerminal()) {
                if (status != cursor.status()) {
                    events.add(status(status, null));
                }
                cursor = cursor.ending();
                events.add(new JobEvent(cursor.id(), "result", trackJobs.view(job)));
                return new Step(events, true);
            }
            return new Step(keptAlive(events), false);
        }

        private void addChunk(List<JobEvent> events, OutputChunk chunk) {
            if (cursor.status() == JobStatus.QUEUED) {
                events.add(status(JobStatus.RUNNING, null)); // it started after its record was read
            }
            if (chunk.attempt() > cursor.attempt()) {
                cursor = cursor.announcing(cursor.status(), chunk.attempt());
                if (chunk.attempt() > 1) { // a re-run: its output starts again
                    events.add(status(JobStatus.RUNNING, chunk.attempt()));
                }
            }
            cursor = cursor.at(chunk.position());
            events.add(new JobEvent(cursor.id(), chunk.stream().wireName(),
                    new JobEvent.OutputData(chunk.text(), chunk.attempt())));
        }

        /** @param restart the attempt whose output starts again, when that is what the event announces */
        private JobEvent status(JobStatus status, Integer restart) {
            cursor = cursor.announcing(status, restart == null ? cursor.attempt() : restart);
            return new JobEvent(cursor.id(), "status", new JobEvent.StatusData(jobId, status.wireName(), restart));
        }

        private List<JobEvent> keptAlive(List<JobEvent> events) {
            Instant now = clock.instant();
            if (!events.isEmpty()) {
                lastSent = now;
            } else if (Duration.between(lastSent, now).compareTo(KEEP_ALIVE) >= 0) {
                lastSent = now;
                events.add(JobEvent.KEEP_ALIVE);
            }
            return events;
        }
    }
}
