package dev.codeinterp.api.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Holds every answer until the request body has been read to its end, up to {@code maxDrainBytes} more, so that a
 * refusal sent before the body arrived (413 over a size limit, 401, 403...) can be read by clients that send the
 * whole body before reading anything (Python's {@code urllib}, {@code requests}, most scripts).
 *
 * <p>Why: Reactor Netty closes the connection once the response is sent while the request is still arriving, and
 * closing a socket whose unread data is waiting makes the kernel send a reset, which such a client sees instead of
 * the answer. Reading the rest (each buffer released at once) before committing the answer lets the connection end
 * with an orderly close.
 *
 * <p>Bounded: when more than {@code maxDrainBytes} would still have to be read (by the declared
 * {@code Content-Length}, or as counted while waiting), or after {@link #MAX_WAIT}, the answer goes out at once and
 * the connection is closed behind it, as before. A body the handler never read is drained here; a body the handler
 * reads (the upload form and JSON readers read theirs to the end even after a refusal) is waited for. A client that
 * sent {@code Expect: 100-continue} and was never told to continue is answered at once: it sends no body.
 * Applies to every request, outside every filter and exception handler, so it is the one place this is decided.
 */
public final class UnreadBodyDrain implements HttpHandlerDecoratorFactory {

    /** How much of an unread body is read and thrown away to get an answer through. */
    public static final long DEFAULT_MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    /** The longest an answer is held for the rest of a body: a client that stops sending is not waited for. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(UnreadBodyDrain.class);

    private final long maxDrainBytes;

    public UnreadBodyDrain(long maxDrainBytes) {
        this.maxDrainBytes = maxDrainBytes;
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            if (!hasBody(request.getHeaders())) {
                return handler.handle(request, response);
            }
            TrackedBody body = new TrackedBody(request, maxDrainBytes);
            response.beforeCommit(() -> body.finishReading().timeout(MAX_WAIT, Mono.empty()));
            return handler.handle(body, response);
        };
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** The request, with its body watched: how much was read, whether it was read to the end. */
    private static final class TrackedBody extends ServerHttpRequestDecorator {

        private final long maxDrainBytes;
        private final AtomicBoolean subscribed = new AtomicBoolean();
        private final AtomicLong bytesRead = new AtomicLong();
        /** Bytes read when the answer became ready; -1 until then. */
        private final AtomicLong readAtAnswer = new AtomicLong(-1);
        private final Sinks.Empty<Void> ended = Sinks.empty();

        TrackedBody(ServerHttpRequest request, long maxDrainBytes) {
            super(request);
            this.maxDrainBytes = maxDrainBytes;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return watched(super.getBody());
        }

        private Flux<DataBuffer> watched(Flux<DataBuffer> body) {
            return body.doOnSubscribe(subscription -> subscribed.set(true))
                    .doOnNext(buffer -> counted(buffer.readableByteCount()))
                    .doFinally(signal -> ended.tryEmitEmpty());
        }

        private void counted(int bytes) {
            long total = bytesRead.addAndGet(bytes);
            long atAnswer = readAtAnswer.get();
            if (atAnswer >= 0 && total - atAnswer > maxDrainBytes) {
                ended.tryEmitEmpty();
            }
        }

        /** Completes once the body has been read to its end, or once reading more is not worth it. */
        Mono<Void> finishReading() {
            long read = bytesRead.get();
            readAtAnswer.set(read);
            long declared = getHeaders().getContentLength();
            if (declared >= 0 && declared - read > maxDrainBytes) {
                log.debug("Answering before {} unread body bytes: over the drain limit", declared - read);
                return Mono.empty();
            }
            if (subscribed.get()) {
                return ended.asMono();
            }
            if (getHeaders().getFirst(HttpHeaders.EXPECT) != null) {
                return Mono.empty();
            }
            Object nativeRequest = getNativeRequest(getDelegate());
            if (!(nativeRequest instanceof HttpServerRequest netty)) {
                return Mono.empty();
            }
            // Netty's own buffers, not retained: Reactor Netty releases each once seen.
            return netty.receive()
                    .doOnSubscribe(subscription -> subscribed.set(true))
                    .doOnNext(buffer -> counted(buffer.readableBytes()))
                    .doFinally(signal -> ended.tryEmitEmpty())
                    .takeUntilOther(ended.asMono())
                    .then()
                    .onErrorComplete();
        }
    }
}
