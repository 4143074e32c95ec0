package dev.codeinterp.api.web;

/**
 * The HTTP server's settings.
 *
 * @param listenAddr          {@code APP_HTTP_LISTEN_ADDR}: {@code host:port}
 * @param maxRequestBodyBytes {@code APP_MAX_REQUEST_SIZE} in bytes, capped to what a buffer can hold
 */
public record WebSettings(String listenAddr, int maxRequestBodyBytes) {
}
