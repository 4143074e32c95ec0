package dev.codeinterp.api.access;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.ProblemWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs before any handler and before the body is read: first authentication ({@code APP_API_KEYS}; 401 with a
 * {@code WWW-Authenticate: Bearer} challenge), then the spawn restriction (403). Refusals are problem details written
 * by {@link ProblemWriter}, the same bodies the handlers' failures get.
 */
public final class AccessFilter implements WebFilter, Ordered {

    static final String CHALLENGE = "Bearer realm=\"code-interpreter\"";
    static final String MISSING_KEY = "Missing API key: send the header Authorization: Bearer <key>";
    static final String INVALID_KEY = "Invalid API key";

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    private static final String BEARER = "bearer ";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final ApiKeys keys;
    private final SpawnPolicy spawn;
    private final ClientAddresses clients;
    private final ProblemWriter problems;

    public AccessFilter(ApiKeys keys, SpawnPolicy spawn, ClientAddresses clients, ProblemWriter problems) {
        this.keys = keys;
        this.spawn = spawn;
        this.clients = clients;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (isHealth(path)) {
            return chain.filter(exchange); // probes carry no key; they learn only UP or DOWN, per component
        }
        if (keys.required()) {
            Optional<ApiException> refused = authenticate(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
            if (refused.isPresent()) {
                log.warn("401 {} {} from {}: {}", request.getMethod(), path, request.getRemoteAddress(),
                        refused.get().getMessage());
                return problems.write(exchange, refused.get());
            }
        }
        if (spawn.restricts(path)) {
            List<String> forwardedFor = request.getHeaders().getOrDefault(FORWARDED_FOR, List.of());
            Optional<InetAddress> client = clients.clientOf(request.getRemoteAddress(), forwardedFor);
            String host = request.getHeaders().getFirst(HttpHeaders.HOST);
            if (!spawn.isInternal(client, host)) {
                log.warn("403 {} {}: client {} (peer {}, Host {}) is not internal", request.getMethod(), path,
                        client.map(InetAddress::getHostAddress).orElse("unknown"), request.getRemoteAddress(), host);
                return problems.write(exchange, ApiException.forbidden(SpawnPolicy.REFUSED));
            }
        }
        return chain.filter(exchange);
    }

    private Optional<ApiException> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return Optional.of(ApiException.unauthorized(MISSING_KEY).withHeader(HttpHeaders.WWW_AUTHENTICATE,
                    CHALLENGE));
        }
        if (!keys.accepts(authorization.substring(BEARER.length()).strip())) {
            return Optional.of(ApiException.unauthorized(INVALID_KEY).withHeader(HttpHeaders.WWW_AUTHENTICATE,
                    CHALLENGE + ", error=\"invalid_token\""));
        }
        return Optional.empty();
    }

    /** Liveness, readiness and the health summary: statuses only (no details are shown), open to any caller. */
    static boolean isHealth(String path) {
        return path.equals("/livez") || path.equals("/readyz") || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/");
    }
}
