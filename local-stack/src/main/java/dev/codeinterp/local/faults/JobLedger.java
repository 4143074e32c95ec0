package dev.codeinterp.local.faults;

import dev.codeinterp.local.faults.TrackedJob.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/** Every job the benchmark submitted; tallies them per kind once the load is over. Thread-safe. */
final class JobLedger {

    private static final int EXAMPLES = 10;

    private final List<TrackedJob> jobs = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A new job with a marker of its own: {@code <prefix>-<sequence>-<random>}. */
    String nextMarker(Kind kind, String random) {
        return (kind == Kind.SYNC ? "s" : "a") + "-" + sequence.incrementAndGet() + "-" + random;
    }

    TrackedJob open(Kind kind, String chatId, Program program) {
        TrackedJob job = new TrackedJob(kind, chatId, program);
        jobs.add(job);
        return job;
    }

    List<TrackedJob> accepted() {
        return jobs.stream().filter(TrackedJob::accepted).toList();
    }

    /** Latencies of the sync calls answered 2xx, in nanoseconds. */
    long[] syncLatencies() {
        return jobs.stream().filter(j -> j.kind() == Kind.SYNC && j.latencyNanos() >= 0)
                .mapToLong(TrackedJob::latencyNanos).toArray();
    }

    /** @param completions job id → how many times the workers' logs say its program ran to its end */
    KindTally tally(Kind kind, ToIntFunction<String> completions) {
        int submitted = 0;
        int accepted = 0;
        int succeeded = 0;
        int lost = 0;
        int duplicated = 0;
        int rerun = 0;
        int runs = 0;
        TreeMap<String, Integer> refusals = new TreeMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        for (TrackedJob job : jobs) {
            if (job.kind() != kind) {
                continue;
            }
            submitted++;
            if (!job.accepted()) {
                refusals.merge(job.refusal() == null ? "none" : job.refusal(), 1, Integer::sum);
                continue;
            }
            accepted++;
            int completed = completions.applyAsInt(job.jobId());
            runs += completed;
            JobVerdict verdict = JobVerdict.of(job, completed);
            succeeded += verdict.lost() ? 0 : 1;
            lost += verdict.lost() ? 1 : 0;
            duplicated += verdict.duplicated() ? 1 : 0;
            rerun += verdict.rerun() ? 1 : 0;
            if ((verdict.lost() || verdict.duplicated()) && examples.size() < EXAMPLES) {
                examples.put(job.jobId(), verdict.why());
            }
        }
        return new KindTally(submitted, accepted, succeeded, lost, duplicated, rerun, runs, refusals, examples);
    }
}
