package dev.codeinterp.api.access;

import dev.codeinterp.api.web.ProblemWriter;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs the {@link AccessPolicy} before any handler and before the body is read. Refusals are problem details written
 * by {@link ProblemWriter}, the same bodies the handlers' failures get.
 */
public final class AccessFilter implements WebFilter, Ordered {

    static final String CHALLENGE = AccessPolicy.CHALLENGE;
    static final String MISSING_KEY = AccessPolicy.MISSING_KEY;
    static final String INVALID_KEY = AccessPolicy.INVALID_KEY;

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final AccessPolicy policy;
    private final ProblemWriter problems;

    public AccessFilter(AccessPolicy policy, ProblemWriter problems) {
        this.policy = policy;
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
        if (isOutsideTheApi(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = request.getHeaders();
        return policy.refusal(request.getMethod() + " " + path, path, headers.getFirst(HttpHeaders.AUTHORIZATION),
                        request.getRemoteAddress(), headers.getOrDefault(FORWARDED_FOR, List.of()),
                        headers.getFirst(HttpHeaders.HOST))
                .map(refused -> problems.write(exchange, refused))
                .orElseGet(() -> chain.filter(exchange));
    }

    /**
     * The probes ({@code /livez}, {@code /readyz}: statuses only, and probes carry no key) and the management server's
     * {@code /actuator/**} (health and metrics). This filter also runs on that server, which listens on
     * {@code APP_MANAGEMENT_LISTEN_ADDR}, never on the API's port, and is kept internal by the operator's network, as
     * the worker's and janitor's are; the API's port serves nothing under {@code /actuator}.
     */
    static boolean isOutsideTheApi(String path) {
        return path.equals("/livez") || path.equals("/readyz") || path.equals("/actuator")
                || path.startsWith("/actuator/");
    }
}
