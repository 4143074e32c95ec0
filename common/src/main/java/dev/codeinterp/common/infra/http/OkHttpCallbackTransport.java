package dev.codeinterp.common.infra.http;

import dev.codeinterp.common.callback.CallbackTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Callbacks over OkHttp. Each call gets a {@code Dns} that answers only the addresses already checked, so the
 * connection goes where the check said while the {@code Host} header, SNI and certificate check use the URL's name.
 * No proxy, no redirects, no pooled connections; a connection that fails moves on to the next checked address (say
 * {@code ::1} after {@code 127.0.0.1}). At most {@link #CONNECT_TIMEOUT} to connect and {@link #CALL_TIMEOUT} for the
 * whole call.
 */
public final class OkHttpCallbackTransport implements CallbackTransport {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client = new OkHttpClient.Builder()
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(true)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .connectTimeout(CONNECT_TIMEOUT)
            .callTimeout(CALL_TIMEOUT)
            .build();

    @Override
    public int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body)
            throws IOException {
        OkHttpClient pinned = client.newBuilder().dns(hostname -> addresses).build();
        Request.Builder request = new Request.Builder().url(url.toString()).post(RequestBody.create(body, JSON));
        headers.forEach(request::header);
        try (Response response = pinned.newCall(request.build()).execute()) {
            return response.code();
        }
    }
}
