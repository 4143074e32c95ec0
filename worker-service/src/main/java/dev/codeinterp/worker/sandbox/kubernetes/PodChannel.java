package dev.codeinterp.worker.sandbox.kubernetes;

import dev.codeinterp.worker.sandbox.agent.AgentChannel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A TCP connection to the agent of a leased executor pod. The first line sent is the pod's token; after that the agent
 * speaks the same protocol as over a bubblewrap sandbox's pipes. Killing or closing it closes the connection and deletes
 * the pod (its program stops with it).
 */
final class PodChannel implements AgentChannel {

    private static final int BUFFER = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String podName;
    private final Socket socket;
    private final OutputStream toAgent;
    private final InputStream fromAgent;
    private final Runnable deletePod;
    private final Supplier<String> describePod;
    private final AtomicBoolean deleted = new AtomicBoolean();

    private PodChannel(String podName, Socket socket, Runnable deletePod, Supplier<String> describePod)
            throws IOException {
        this.podName = podName;
        this.socket = socket;
        this.toAgent = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.fromAgent = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.deletePod = deletePod;
        this.describePod = describePod;
    }

    /**
     * Connects to the agent at {@code host:port} and presents {@code token}.
     *
     * @param deletePod   deletes the pod; runs once, when the channel is killed or closed
     * @param describePod how the pod is doing, for failure messages
     */
    static PodChannel connect(String podName, String host, int port, String token, Runnable deletePod,
            Supplier<String> describePod) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            PodChannel channel = new PodChannel(podName, socket, deletePod, describePod);
            channel.toAgent.write(("{\"token\": \"" + token + "\"}\n").getBytes(StandardCharsets.US_ASCII));
            channel.toAgent.flush();
            return channel;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String podName() {
        return podName;
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
        close();
    }

    @Override
    public String describeEnd() {
        return "pod " + podName + ": " + describePod.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
        if (deleted.compareAndSet(false, true)) {
            deletePod.run();
        }
    }
}
