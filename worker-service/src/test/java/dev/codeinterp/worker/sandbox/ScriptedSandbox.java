package dev.codeinterp.worker.sandbox;

import dev.codeinterp.worker.sandbox.agent.AgentChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An {@link AgentChannel} whose "agent" is a byte stream prepared by the test: it captures what the host sends and replies
 * with canned bytes. Kills and closes are counted and written to a journal, so tests can check their order against
 * other events.
 */
public final class ScriptedSandbox implements AgentChannel {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    /** Released when the sandbox is killed or closed: its agent's output ends. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicBoolean replyStarted = new AtomicBoolean();
    private final InputStream fromAgent;
    private List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private Runnable beforeReply = () -> { };

    private ScriptedSandbox(Function<CountDownLatch, InputStream> reply) {
        this.fromAgent = new ReplyStream(reply.apply(ended));
    }

    /** An agent that answers with exactly these bytes, then ends. */
    public static ScriptedSandbox replying(byte[] reply) {
        return new ScriptedSandbox(ended -> new ByteArrayInputStream(reply));
    }

    /** An agent that answers with this stream. */
    public static ScriptedSandbox replying(InputStream reply) {
        return new ScriptedSandbox(ended -> reply);
    }

    /** An agent that never answers: reading blocks until the sandbox is killed or closed, then the stream ends. */
    public static ScriptedSandbox silentUntilKilled() {
        return new ScriptedSandbox(ended -> new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return -1;
            }
        });
    }

    /** Writes "sandbox killed" and "sandbox closed" to {@code journal}. */
    public ScriptedSandbox recordingTo(List<String> journal) {
        this.journal = journal;
        return this;
    }

    /** Runs {@code action} when the host starts reading the reply, i.e. while the job "runs". */
    public ScriptedSandbox whileRunning(Runnable action) {
        this.beforeReply = action;
        return this;
    }

    /** Everything the host wrote to the agent. */
    public byte[] sentBytes() {
        return sent.toByteArray();
    }

    public boolean wasKilled() {
        return killed.get();
    }

    public int closeCount() {
        return closes.get();
    }

    @Override
    public OutputStream toAgent() {
        return sent;
    }

    @Override
    public InputStream fromAgent() {
        return fromAgent;
    }

    @Override
    public void kill() {
        journal.add("sandbox killed");
        killed.set(true);
        ended.countDown();
    }

    @Override
    public String describeEnd() {
        return "scripted sandbox";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        journal.add("sandbox closed");
        ended.countDown();
    }

    private final class ReplyStream extends InputStream {

        private final InputStream reply;

        ReplyStream(InputStream reply) {
            this.reply = reply;
        }

        @Override
        public int read() throws IOException {
            started();
            return reply.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            started();
            return reply.read(buffer, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            started();
            return reply.skip(n);
        }

        private void started() {
            if (replyStarted.compareAndSet(false, true)) {
                beforeReply.run();
            }
        }
    }
}
