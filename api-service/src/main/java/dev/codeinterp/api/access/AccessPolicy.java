package dev.codeinterp.api.access;

import dev.codeinterp.api.web.ApiException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one access decision of every api face, HTTP ({@link AccessFilter}) and gRPC: first authentication
 * ({@code APP_API_KEYS}; 401 with a {@code WWW-Authenticate: Bearer} challenge), then the spawn restriction (403).
 * Answers the refusal, or empty when the call may go on.
 */
public final class AccessPolicy {

    static final String CHALLENGE = "Bearer realm=\"code-interpreter\"";
    static final String MISSING_KEY = "Missing API key: send the header Authorization: Bearer <key>";
    static final String INVALID_KEY = "Invalid API key";

    private static final Logger log = LoggerFactory.getLogger(AccessPolicy.class);
    private static final String BEARER = "bearer ";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final ApiKeys keys;
    private final SpawnPolicy spawn;
    private final ClientAddresses clients;

    public AccessPolicy(ApiKeys keys, SpawnPolicy spawn, ClientAddresses clients) {
        this.keys = keys;
        this.spawn = spawn;
        this.clients = clients;
    }

    /**
     * @param call what is asked for, to name it in the log: {@code POST /v1/execute}
     * @param path the HTTP path, or the gRPC method ({@code /code_interpreter.v1.CodeInterpreterService/Execute}),
     *             which the spawn restriction covers like any path but download and expire
     * @param authorization the {@code Authorization} header or metadata, null when absent
     * @param peer the TCP peer, null when unknown
     * @param forwardedFor every {@code X-Forwarded-For} value, in order
     * @param host the {@code Host} header (gRPC: the {@code :authority}), null when absent
     */
    public Optional<ApiException> refusal(String call, String path, String authorization, InetSocketAddress peer,
            List<String> forwardedFor, String host) {
        if (keys.required()) {
            Optional<ApiException> refused = authenticate(authorization);
            if (refused.isPresent()) {
                log.warn("401 {} from {}: {}", call, peer, refused.get().getMessage());
                return refused;
            }
        }
        if (spawn.restricts(path)) {
            Optional<InetAddress> client = clients.clientOf(peer, forwardedFor);
            if (!spawn.isInternal(client, host)) {
                log.warn("403 {}: client {} (peer {}, Host {}) is not internal", call,
                        client.map(InetAddress::getHostAddress).orElse("unknown"), peer, host);
                return Optional.of(ApiException.forbidden(SpawnPolicy.REFUSED));
            }
        }
        return Optional.empty();
    }

    private Optional<ApiException> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return Optional.of(ApiException.unauthorized(MISSING_KEY).withHeader(WWW_AUTHENTICATE, CHALLENGE));
        }
        if (!keys.accepts(authorization.substring(BEARER.length()).strip())) {
            return Optional.of(ApiException.unauthorized(INVALID_KEY).withHeader(WWW_AUTHENTICATE,
                    CHALLENGE + ", error=\"invalid_token\""));
        }
        return Optional.empty();
    }
}
