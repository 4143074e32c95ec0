package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.worker.execution.RunJob;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A worker's stop (SIGTERM, a rolling deploy): it takes no more jobs, lets the running ones finish for up to the grace
 * period ({@code APP_SHUTDOWN_GRACE}) while their results and offsets still go out, then hands the rest back (see
 * {@link RunJob#handBack()}): their offsets stay uncommitted, so another worker runs them again once their leases
 * lapse. It stops before the Kafka listener container (a higher phase), so the consumer still commits meanwhile.
 */
final class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    /** How long handed-back jobs get to notice their killed sandboxes. */
    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(10);

    private final JobIntakeListener intake;
    private final ExecutorService jobThreads;
    private final RunJob runJob;
    private final Duration grace;
    private volatile boolean running;

    GracefulShutdown(JobIntakeListener intake, ExecutorService jobThreads, RunJob runJob, Duration grace) {
        this.intake = intake;
        this.jobThreads = jobThreads;
        this.runJob = runJob;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        intake.stopIntake();
        jobThreads.shutdown();
        try {
            if (jobThreads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Worker stopped: every running job finished");
                return;
            }
            log.warn("Jobs still run after the {} s grace period; handing them back", grace.toSeconds());
            runJob.handBack();
            if (!jobThreads.awaitTermination(HAND_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.error("Jobs still run after they were handed back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runJob.handBack();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers ({@code Integer.MAX_VALUE - 100}): stopped first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
