package dev.codeinterp.worker.sandbox.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * fabric8's CRUD dispatcher, with watch streams that end without freezing the mock server.
 *
 * <p>When a client closes a watch, fabric8 8.0.0's {@code WatchEventsListener.onClosed} waits on the Vert.x event loop
 * for its send thread to finish, while that thread may be waiting for the same event loop to write an event: every
 * request to the mock then stalls for about 30 s, until the write times out, and tests that closed an informer while
 * pods changed failed with client timeouts. Here the watch writes through a {@link QueuedWebSocket}, whose writes never
 * wait, so its send thread always finishes.
 */
final class WatchSafeCrudDispatcher extends KubernetesCrudDispatcher {

    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        return response.withWebSocketUpgrade(new WritingThroughQueue(response.getWebSocketListener()));
    }

    /** Passes on the events a watch listens to (it ignores messages from the client), with a queued socket. */
    private static final class WritingThroughQueue extends WebSocketListener {

        private final WebSocketListener watch;

        private WritingThroughQueue(WebSocketListener watch) {
            this.watch = watch;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            watch.onOpen(new QueuedWebSocket(webSocket), response);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            watch.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watch.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            watch.onFailure(webSocket, error, response);
        }
    }

    /** Writes in order on a thread of its own, so that whoever sends or closes never waits for the write. */
    private static final class QueuedWebSocket implements WebSocket {

        private final WebSocket socket;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mock-watch-writer");
            thread.setDaemon(true);
            return thread;
        });

        private QueuedWebSocket(WebSocket socket) {
            this.socket = socket;
        }

        @Override
        public RecordedRequest request() {
            return socket.request();
        }

        @Override
        public boolean send(String text) {
            return write(() -> socket.send(text));
        }

        @Override
        public boolean send(byte[] bytes) {
            return write(() -> socket.send(bytes));
        }

        @Override
        public boolean close(int code, String reason) {
            boolean queued = write(() -> socket.close(code, reason));
            writer.shutdown();
            return queued;
        }

        private boolean write(Runnable write) {
            try {
                writer.execute(write);
                return true;
            } catch (RejectedExecutionException closed) {
                return false;
            }
        }
    }
}
