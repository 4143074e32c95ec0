package dev.codeinterp.common.job;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one transition table of the job lifecycle:
 * queued → running → succeeded | failed | timed_out | cancelled | expired.
 * A queued job may also end without running (cancelled, expired because its caller gave up, failed).
 * Terminal statuses have no way out, so a late or duplicate result can never overwrite a final one.
 */
public final class JobTransitions {

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = new EnumMap<>(JobStatus.class);

    static {
        ALLOWED.put(JobStatus.QUEUED, EnumSet.of(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED));
        // running → running: a job redelivered after its worker died is started again by another worker.
        ALLOWED.put(JobStatus.RUNNING, EnumSet.of(JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.TIMED_OUT,
                JobStatus.CANCELLED, JobStatus.EXPIRED));
        for (JobStatus status : JobStatus.values()) {
            ALLOWED.putIfAbsent(status, EnumSet.noneOf(JobStatus.class));
        }
    }

    private JobTransitions() {
    }

    public static boolean isAllowed(JobStatus from, JobStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The statuses from which {@code to} may be reached. */
    public static Set<JobStatus> sourcesOf(JobStatus to) {
        Set<JobStatus> sources = EnumSet.noneOf(JobStatus.class);
        ALLOWED.forEach((from, targets) -> {
            if (targets.contains(to)) {
                sources.add(from);
            }
        });
        return sources;
    }
}
