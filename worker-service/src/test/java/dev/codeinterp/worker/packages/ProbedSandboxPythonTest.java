package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.SandboxPool;
import dev.codeinterp.worker.sandbox.SandboxSession;
import dev.codeinterp.worker.sandbox.agent.AgentReply;
import dev.codeinterp.worker.sandbox.agent.AgentRequest;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import dev.codeinterp.worker.sandbox.agent.LiveChunks;
import dev.codeinterp.worker.sandbox.agent.OutputHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Learning the Python of a pool's sandboxes: each lease here runs the request's program with the real
 * {@code /usr/bin/python3}, as the agent of an executor pod would (the end-to-end kubernetes pass runs real agents).
 */
class ProbedSandboxPythonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final PackageProvisioningTest.MutableClock clock = new PackageProvisioningTest.MutableClock();
    private final AtomicInteger leases = new AtomicInteger();
    private volatile String failure;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A pool whose sandboxes run programs with this machine's Python, unless {@link #failure} is set. */
    private final SandboxPool pool = new SandboxPool() {
        @Override
        public SandboxSession lease() throws SandboxFailure {
            leases.incrementAndGet();
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new SandboxFailure("interrupted", e);
            }
            if (failure != null) {
                throw new SandboxFailure(failure);
            }
            return new PythonSession();
        }

        @Override
        public long readyCount() {
            return 1;
        }

        @Override
        public void close() {
        }
    };

    @Test
    void shouldLearnThePythonInOneSandboxAndKeepIt() throws Exception {
        ProbedSandboxPython pythons = new ProbedSandboxPython(pool, executor, clock).start();

        SandboxPython first = pythons.describe(WAIT);
        SandboxPython second = pythons.describe(WAIT);

        assertThat(first).isEqualTo(SandboxPython.probe("/usr/bin/python3")).isSameAs(second);
        assertThat(leases).hasValue(1);
    }

    @Test
    void shouldSayWhyWhenTheProbeFailedAndTryAgainOnlyAfterAWhile() throws Exception {
        // given
        failure = "No executor pod became ready within 60 s";
        ProbedSandboxPython pythons = new ProbedSandboxPython(pool, executor, clock);

        // when / then
        assertThatThrownBy(() -> pythons.describe(WAIT)).isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("No executor pod became ready within 60 s");
        failure = null;
        assertThatThrownBy(() -> pythons.describe(WAIT)).isInstanceOf(PackageInstallException.class)
                .hasMessageContaining("trying again shortly");
        assertThat(leases).hasValue(1);

        clock.advance(ProbedSandboxPython.RETRY_AFTER);
        assertThat(pythons.describe(WAIT).modules()).contains("json");
        assertThat(leases).hasValue(2);
    }

    @Test
    void shouldStopWaitingAtTheBudgetWhileTheProbeGoesOn() throws Exception {
        // given
        hold = new CountDownLatch(1);
        ProbedSandboxPython pythons = new ProbedSandboxPython(pool, executor, clock).start();

        // when / then
        assertThatThrownBy(() -> pythons.describe(Duration.ofMillis(100))).isInstanceOf(
                PackageInstallException.class).hasMessage("still asking the sandboxes' Python what it has");
        hold.countDown();
        assertThat(pythons.describe(WAIT).modules()).contains("json");
        assertThat(leases).hasValue(1);
    }

    /** Runs the request's program with {@code /usr/bin/python3 -I -c}. */
    private static final class PythonSession implements SandboxSession {

        @Override
        public AgentReply run(AgentRequest request, List<InputContent> inputs, OutputHandler outputs,
                LiveChunks live) throws SandboxFailure {
            try {
                Process python = new ProcessBuilder("/usr/bin/python3", "-I", "-c", request.sourceCode()).start();
                String stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                python.waitFor(request.timeoutMs(), TimeUnit.MILLISECONDS);
                return new AgentReply(1, stdout, stderr, python.exitValue(), false, 0L, List.of(), null);
            } catch (IOException | InterruptedException e) {
                throw new SandboxFailure("the program did not run", e);
            }
        }

        @Override
        public void kill() {
        }

        @Override
        public void close() {
        }
    }
}
