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
        if (isHealth(path)) {
            return chain.filter(exchange); // probes carry no key; they learn only UP or DOWN, per component
        }
        HttpHeaders headers = request.getHeaders();
        return policy.refusal(request.getMethod() + " " + path, path, headers.getFirst(HttpHeaders.AUTHORIZATION),
                        request.getRemoteAddress(), headers.getOrDefault(FORWARDED_FOR, List.of()),
                        headers.getFirst(HttpHeaders.HOST))
                .map(refused -> problems.write(exchange, refused))
                .orElseGet(() -> chain.filter(exchange));
    }

    /** Liveness, readiness and the health summary: statuses only (no details are shown), open to any caller. */
    static boolean isHealth(String path) {
        return path.equals("/livez") || path.equals("/readyz") || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/");
    }
}
