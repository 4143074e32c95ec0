package dev.codeinterp.worker.packages;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Python of sandboxes the worker cannot run itself (executor pods run their image's): learned once by running
 * {@link SandboxPython#PROBE} as a program in one sandbox of the pool, then kept. One probe at a time; a failed probe
 * is tried again once {@link #RETRY_AFTER} has passed, by the next job that asks.
 */
public final class ProbedSandboxPython implements SandboxPythonSource {

    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final int PROBE_OUTPUT_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(ProbedSandboxPython.class);

    private final SandboxPool pool;
    private final Executor executor;
    private final Clock clock;
    private CompletableFuture<SandboxPython> probe;
    private volatile Instant failedAt;

    /** @param executor runs the probe (it leases a sandbox: never a job's thread, which only waits for it) */
    public ProbedSandboxPython(SandboxPool pool, Executor executor, Clock clock) {
        this.pool = pool;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts learning the Python now, so that the first job that imports something does not wait for it. */
    public ProbedSandboxPython start() {
        current();
        return this;
    }

    @Override
    public SandboxPython describe(Duration budget) throws PackageInstallException {
        CompletableFuture<SandboxPython> learning = current();
        if (learning == null) {
            throw new PackageInstallException("the sandboxes' Python could not be asked what it has; trying again "
                    + "shortly");
        }
        try {
            return learning.get(Math.max(0, budget.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PackageInstallException("still asking the sandboxes' Python what it has");
        } catch (ExecutionException e) {
            throw new PackageInstallException("the sandboxes' Python could not be asked what it has: "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackageInstallException("interrupted");
        }
    }

    /** The probe known, running, or started now; null while a failed one waits for its retry. */
    private synchronized CompletableFuture<SandboxPython> current() {
        if (probe != null && probe.isCompletedExceptionally()) {
            if (clock.instant().isBefore(failedAt.plus(RETRY_AFTER))) {
                return null;
            }
            probe = null;
        }
        if (probe == null) {
            probe = CompletableFuture.supplyAsync(this::probeNow, executor);
        }
        return probe;
    }

    private SandboxPython probeNow() {
        AgentRequest request = new AgentRequest(1, SandboxPython.PROBE, Map.of(), PROBE_TIMEOUT.toMillis(),
                PROBE_OUTPUT_BYTES, false, List.of(), AgentRequest.Limits.none());
        try (SandboxSession session = pool.lease()) {
            AgentReply reply = session.run(request, List.of(), (entry, content) -> content.transferTo(
                    OutputStream.nullOutputStream()));
            if (reply.error() != null) {
                throw new IOException("the agent refused the probe: " + reply.error());
            }
            if (reply.exitCode() == null || reply.exitCode() != 0) {
                throw new IOException("the probe exited with " + reply.exitCode() + ": " + reply.stderr());
            }
            SandboxPython python = SandboxPython.parse(reply.stdout());
            log.info("Sandboxes run Python {} ({}), with {} top-level modules", python.version(), python.flavour(),
                    python.modules().size());
            return python;
        } catch (IOException | SandboxFailure | RuntimeException e) {
            log.warn("Could not ask the sandboxes' Python what it has: {}", e.toString());
            failedAt = clock.instant(); // before the probe ends: whoever sees it failed sees when
            throw new CompletionException(e);
        }
    }
}
