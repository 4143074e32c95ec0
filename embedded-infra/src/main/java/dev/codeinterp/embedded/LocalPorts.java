package dev.codeinterp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helpers for picking and probing loopback TCP ports.
 */
public final class LocalPorts {

    private static final Logger log = LoggerFactory.getLogger(LocalPorts.class);

    /** The loopback address every embedded component binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * Returns a TCP port that was free on 127.0.0.1 when this method ran. Another process may take
     * it before the caller binds it; callers that start a child process retry on a bind failure.
     *
     * @return a port number in the ephemeral range
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), 1);
            int port = socket.getLocalPort();
            log.trace("Picked free port {}", port);
            return port;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + LOOPBACK, e);
        }
    }

    /**
     * Tells whether something accepts TCP connections on 127.0.0.1 at the given port.
     *
     * @param port the port to probe
     * @return {@code true} if a connection could be opened within 200 ms
     */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
