package dev.codeinterp.common.job;

/**
 * Port: told when a job has ended, once per job, by the service whose status change ended it (a job ends exactly
 * once: the terminal move is a check-and-set). Called on the thread that made the change, so it must not block.
 */
@FunctionalInterface
public interface JobEndListener {

    JobEndListener NONE = (jobId, status) -> { };

    void jobEnded(String jobId, JobStatus status);
}
