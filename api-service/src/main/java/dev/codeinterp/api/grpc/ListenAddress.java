package dev.codeinterp.api.grpc;

/**
 * {@code APP_GRPC_LISTEN_ADDR} split into host and port: {@code 0.0.0.0:50051}, {@code 127.0.0.1:0},
 * {@code [::1]:50051}.
 */
record ListenAddress(String host, int port) {

    static ListenAddress parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("APP_GRPC_LISTEN_ADDR must be host:port, got " + text);
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port > 65535) {
            throw new IllegalArgumentException("APP_GRPC_LISTEN_ADDR: port out of range: " + text);
        }
        return new ListenAddress(text.substring(0, colon).replace("[", "").replace("]", ""), port);
    }
}
