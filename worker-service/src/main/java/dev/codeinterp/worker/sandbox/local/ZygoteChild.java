package dev.codeinterp.worker.sandbox.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One child of the zygote: a sandbox of its own (namespaces, filesystems, PID 1), reached over a unix socket
 * connection to the zygote. Closing the connection ends the child and everything in it: its PID 1 exits when the
 * host hangs up, whatever it is doing.
 */
final class ZygoteChild implements LocalSandbox {

    private static final int BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputStream toAgent;
    private final InputStream fromAgent;

    /** @param onClose runs once when the child is closed after serving */
    ZygoteChild(SocketChannel channel, Runnable onClose) {
        this.channel = channel;
        this.onClose = onClose;
        this.toAgent = new BufferedOutputStream(new ChannelOutput(channel), BUFFER);
        this.fromAgent = new BufferedInputStream(new ChannelInput(channel), BUFFER);
    }

    @Override
    public OutputStream toAgent() {
        return toAgent;
    }

    @Override
    public InputStream fromAgent() {
        return fromAgent;
    }

    @Override
    public void kill() {
        closeChannel();
    }

    @Override
    public String describeEnd() {
        return channel.isOpen() ? "the zygote's child closed the connection" : "the connection was closed";
    }

    @Override
    public void close() {
        closeChannel();
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    @Override
    public void discard() {
        closed.set(true);
        closeChannel();
    }

    /** Nothing to wait for: the child ends when its connection closes, whatever thread started it. */
    @Override
    public void awaitEnd(Duration timeout) {
    }

    /**
     * Whether the child still waits for its job: nothing may have come from it since its ready line, not even the
     * end of the connection. Only called while the child is idle in the pool.
     */
    @Override
    public synchronized boolean isAlive() {
        if (!channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            int read = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return read == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /**
     * Reads straight from the channel. {@code Channels.newInputStream} would hold the channel's blocking lock while
     * it waits, and so block every write (the request) on the same connection.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    /** Writes straight to the channel (see {@link ChannelInput}). */
    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
