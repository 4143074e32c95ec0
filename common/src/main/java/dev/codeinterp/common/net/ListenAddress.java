package dev.codeinterp.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code host:port} setting ({@code APP_HTTP_LISTEN_ADDR}, {@code APP_MANAGEMENT_LISTEN_ADDR},
 * {@code APP_GRPC_LISTEN_ADDR}); IPv6 as
 * {@code [::1]:port}; port 0 = any free port.
 */
public record ListenAddress(InetAddress host, int port) {

    /** @param setting the setting's name, for the message of a bad value */
    public static ListenAddress parse(String value, String setting) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(setting + " must be host:port, got " + value);
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " port is not a number: " + value, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " port must be 0 to 65535, got " + port);
        }
        try {
            return new ListenAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(setting + " host is unknown: " + host, e);
        }
    }
}
