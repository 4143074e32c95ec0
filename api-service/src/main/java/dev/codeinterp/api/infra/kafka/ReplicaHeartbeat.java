package dev.codeinterp.api.infra.kafka;

import dev.codeinterp.common.replica.ReplicaRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps this replica registered as alive ({@link ReplicaRegistry}), so the janitor never deletes its result topic and
 * consumer group: {@link #register()} once before the topic is created, a heartbeat every
 * {@link ReplicaRegistry#HEARTBEAT_INTERVAL} while running, and, when the replica stops cleanly, a last heartbeat
 * dated {@link ReplicaRegistry#GONE} (past any grace period), so that the janitor deletes its topic and group at its next round. A
 * heartbeat that fails (Redis down) is only logged: the next one retries, well within the janitor's grace period.
 */
public final class ReplicaHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeat.class);
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ReplicaRegistry registry;
    private final String replicaId;
    private final Clock clock;
    private ScheduledExecutorService timer;
    /** Run after each periodic heartbeat, on its thread (the result topic's check, once it exists). */
    private volatile Runnable afterEachBeat = () -> { };

    public ReplicaHeartbeat(ReplicaRegistry registry, String replicaId, Clock clock) {
        this.registry = registry;
        this.replicaId = replicaId;
        this.clock = clock;
    }

    /** The first heartbeat; a failure here stops the start, since the topic would then be unprotected. */
    public void register() {
        registry.heartbeat(replicaId, clock.instant());
        log.info("Api replica {} registered", replicaId);
    }

    /** Runs {@code task} after each periodic heartbeat from now on, on the heartbeat's thread. */
    public void alsoEachBeat(Runnable task) {
        afterEachBeat = task;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replica-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = ReplicaRegistry.HEARTBEAT_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            // a beat running now must not land after the last one
            timer.awaitTermination(ReplicaRegistry.HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
        try {
            registry.markGone(replicaId);
            log.info("Api replica {} marked gone", replicaId);
        } catch (RuntimeException e) {
            log.warn("Api replica {} could not unregister; the janitor cleans up after its grace period: {}",
                    replicaId, e.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /**
     * Higher phases stop first: after the web server (so requests in flight still have their topic) and before the
     * Redis connection (phase 0), which the removal needs.
     */
    @Override
    public int getPhase() {
        return PHASE;
    }

    void beat() {
        try {
            registry.heartbeat(replicaId, clock.instant());
        } catch (RuntimeException e) {
            log.warn("Api replica {}: heartbeat failed, retrying in {}: {}", replicaId,
                    ReplicaRegistry.HEARTBEAT_INTERVAL, e.toString());
        }
        afterEachBeat.run();
    }
}
