package dev.codeinterp.common.job;

import java.util.List;

/**
 * Port: told when a job has ended, once per job, by the service whose status change ended it (a job ends exactly
 * once: the terminal move is a check-and-set). Called on the thread that made the change, so it must not block.
 */
@FunctionalInterface
public interface JobEndListener {

    JobEndListener NONE = (jobId, status) -> { };

    void jobEnded(String jobId, JobStatus status);

    /** Tells each of {@code listeners}, in order. */
    static JobEndListener all(List<JobEndListener> listeners) {
        List<JobEndListener> copy = List.copyOf(listeners);
        return (jobId, status) -> copy.forEach(listener -> listener.jobEnded(jobId, status));
    }
}
