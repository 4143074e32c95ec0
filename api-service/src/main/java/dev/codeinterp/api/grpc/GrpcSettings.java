package dev.codeinterp.api.grpc;

import dev.codeinterp.common.net.ListenAddress;

/**
 * The gRPC server's settings.
 *
 * @param enabled         {@code APP_GRPC_ENABLED}: whether the server runs at all
 * @param listenAddr      {@code APP_GRPC_LISTEN_ADDR}: {@code host:port} ({@code [::1]:port} for IPv6; port 0 = any)
 * @param tls             {@code APP_GRPC_TLS_CERT}, {@code APP_GRPC_TLS_CERT_KEY}, {@code APP_GRPC_TLS_CA_CERT}
 * @param maxMessageBytes {@code APP_MAX_REQUEST_SIZE}: the largest request message, as for HTTP bodies
 */
public record GrpcSettings(boolean enabled, String listenAddr, GrpcTls tls, int maxMessageBytes) {

    public GrpcSettings {
        ListenAddress.parse(listenAddr, "APP_GRPC_LISTEN_ADDR");
    }
}
