package dev.codeinterp.api.grpc;

import dev.codeinterp.common.net.ListenAddress;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gRPC server of {@code APP_GRPC_ENABLED}: one service behind the access interceptor, on
 * {@code APP_GRPC_LISTEN_ADDR}, plaintext, TLS or mutual TLS ({@link GrpcTls}; with mutual TLS a client without a
 * certificate signed by the CA fails the handshake). Started and stopped with the application context; a port or
 * certificate it cannot use stops the start with a message naming the setting.
 */
public final class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 5;

    private final GrpcSettings settings;
    private final BindableService service;
    private final GrpcAccessInterceptor access;
    private volatile Server server;

    GrpcServer(GrpcSettings settings, BindableService service, GrpcAccessInterceptor access) {
        this.settings = settings;
        this.service = service;
        this.access = access;
    }

    @Override
    public void start() {
        if (!settings.enabled() || server != null) {
            return;
        }
        ListenAddress address = ListenAddress.parse(settings.listenAddr(), "APP_GRPC_LISTEN_ADDR");
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(address.host(), address.port()),
                            credentials(settings.tls()))
                    .maxInboundMessageSize(settings.maxMessageBytes())
                    .addService(ServerInterceptors.intercept(service, access))
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The gRPC server cannot start on APP_GRPC_LISTEN_ADDR="
                    + settings.listenAddr() + " (" + settings.tls().mode() + "): " + e.getMessage(), e);
        }
        log.info("gRPC server listening on {} ({})", server.getListenSockets(), settings.tls().mode());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on (useful with port 0); -1 when it does not run. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }

    private static ServerCredentials credentials(GrpcTls tls) throws IOException {
        if (!tls.enabled()) {
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder();
        try {
            builder.keyManager(stream(tls.certificateChain()), stream(tls.privateKey()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(GrpcTls.CERT + " / " + GrpcTls.KEY + " are not a usable certificate "
                    + "and PKCS#8 key: " + e.getMessage(), e);
        }
        if (tls.mutual()) {
            try {
                builder.trustManager(stream(tls.clientCa()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(GrpcTls.CA + " is not usable: " + e.getMessage(), e);
            }
            builder.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
