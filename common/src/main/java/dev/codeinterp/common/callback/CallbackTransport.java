package dev.codeinterp.common.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Port: one HTTP POST of a callback. */
public interface CallbackTransport {

    /**
     * POSTs {@code body} to {@code url}, connecting only to {@code addresses} (already checked; the host name is never
     * resolved again) while the {@code Host} header and TLS name stay the URL's host. Redirects are not followed.
     *
     * @return the HTTP status of the answer
     * @throws IOException no answer: connection refused or reset, timeout, TLS failure
     */
    int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body) throws IOException;
}
