package dev.codeinterp.worker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentClient;
import dev.codeinterp.worker.sandbox.local.LocalSandbox;
import dev.codeinterp.worker.sandbox.local.LocalSandboxPool;
import dev.codeinterp.worker.sandbox.local.SandboxStarter;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The local pool's readiness, over a starter that fails until it is told to succeed. */
class SandboxPoolHealthIndicatorTest {

    private final SwitchableStarter starter = new SwitchableStarter();
    private final LocalSandboxPool pool = new LocalSandboxPool(starter, new AgentClient(), 1, 1);
    private final SandboxPoolHealthIndicator indicator = new SandboxPoolHealthIndicator(pool);

    @Test
    void shouldBeDownWithTheStartFailureWhileNoSandboxCanStartAndUpOnceOneHas() throws Exception {
        pool.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        Health down = indicator.health();
        assertThat(down.getDetails().get("reason").toString())
                .contains("No sandbox is ready").contains("bwrap: setting up uid map: Permission denied");

        starter.succeed.set(true);
        // the next lease (or a closed sandbox) asks for another start
        pool.lease().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
        pool.close();
    }

    @Test
    void shouldBeDownNamingTheFailureWhenAStartFailsWithoutAMessage() throws Exception {
        starter.failure = new IllegalStateException();
        pool.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        assertThat(indicator.health().getDetails().get("reason").toString()).contains("IllegalStateException");
        pool.close();
    }

    @Test
    void shouldBeDownWhenThePoolIsClosed() throws Exception {
        starter.succeed.set(true);
        pool.start();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        pool.close();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static final class SwitchableStarter implements SandboxStarter {

        final AtomicBoolean succeed = new AtomicBoolean();
        volatile RuntimeException failure;

        @Override
        public void check() {
        }

        @Override
        public LocalSandbox start(Runnable onClose) throws SandboxFailure {
            if (failure != null) {
                throw failure;
            }
            if (!succeed.get()) {
                throw new SandboxFailure("bwrap: setting up uid map: Permission denied");
            }
            return new IdleSandbox(onClose);
        }

        @Override
        public String describe() {
            return "a test starter";
        }

        @Override
        public void close() {
        }
    }

    /** A sandbox that is alive until closed; its agent is never spoken to here. */
    private static final class IdleSandbox implements LocalSandbox {

        private final Runnable onClose;
        private final AtomicBoolean alive = new AtomicBoolean(true);

        IdleSandbox(Runnable onClose) {
            this.onClose = onClose;
        }

        @Override
        public boolean isAlive() {
            return alive.get();
        }

        @Override
        public void discard() {
            alive.set(false);
        }

        @Override
        public void awaitEnd(Duration timeout) {
        }

        @Override
        public OutputStream toAgent() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream fromAgent() {
            return InputStream.nullInputStream();
        }

        @Override
        public void kill() {
            alive.set(false);
        }

        @Override
        public String describeEnd() {
            return "closed";
        }

        @Override
        public void close() {
            if (alive.getAndSet(false)) {
                onClose.run();
            }
        }
    }
}
