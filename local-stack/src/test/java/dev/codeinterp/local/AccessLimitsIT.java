package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * Access control and abuse limits through the whole path (api, Kafka, worker, sandbox), on a stack of its own with
 * API keys, an allowlist that leaves out loopback (the test reaches the api as a client behind a trusted proxy on
 * 127.0.0.1), and tight per-chat and global limits.
 */
@Tag("security")
class AccessLimitsIT {

    private static final String KEY = "e2e-security-key";
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Consumer<HttpHeaders> INTERNAL_WITH_KEY = headers -> {
        headers.setBearerAuth(KEY);
        headers.set("X-Forwarded-For", "10.20.30.40");
    };

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        stack = LocalStack.start(EmbeddedInfrastructure.shared(), Map.of(
                "app.http-listen-addr", "127.0.0.1:0",
                "app.instance-id", "e2e-security",
                "app.executor-pod-queue-target-length", "2",
                "app.api-keys", KEY,
                "app.internal-ip-allowlist", "10.0.0.0/8",
                "app.trusted-proxies", "127.0.0.1",
                "app.chat-max-concurrent", "1",
                "app.chat-rate-limit", "2/1m",
                "app.max-queued-jobs", "2"));
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void shouldAnswer401WithoutTheKeyAnd403ToAClientThatIsNotInternal() {
        WebTestClient client = TestStack.clientFor(stack.baseUrl());

        client.post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "e2e-keys", "source_code", "print(1)")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post().uri("/v1/execute").headers(h -> h.setBearerAuth(KEY)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "e2e-keys", "source_code", "print(1)")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("Spawn requests must originate from an internal URL / IP");
    }

    @Test
    void shouldRunCodeForAnInternalClientWithTheKeyAndRateLimitItsChat() {
        assertThat(execute("e2e-rate", "print(21 * 2)", 200).getResponseBody()).containsEntry("stdout", "42\n");
        execute("e2e-rate", "print(1)", 200);

        EntityExchangeResult<Map<String, Object>> refused = execute("e2e-rate", "print(1)", 429);

        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
        execute("e2e-rate-other", "print(1)", 200);
    }

    @Test
    void shouldAnswer429WhileTheChatRunsAJobAnd503WhenTheQueueBoundIsReached() {
        StringRedisTemplate redis = stack.apiBean(StringRedisTemplate.class);
        List<Disposable> slow = new ArrayList<>();
        try {
            slow.add(executeInBackground("e2e-slow-a"));
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.opsForZSet().zCard("{admission}:jobs") == 1);

            EntityExchangeResult<Map<String, Object>> busy = execute("e2e-slow-a", "print(1)", 429);
            assertThat(busy.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();

            slow.add(executeInBackground("e2e-slow-b"));
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.opsForZSet().zCard("{admission}:jobs") == 2);
            EntityExchangeResult<Map<String, Object>> full = execute("e2e-fresh", "print(1)", 503);
            assertThat(full.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            assertThat((String) full.getResponseBody().get("detail")).contains("Too many jobs are queued");
        } finally {
            slow.forEach(Disposable::dispose);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.opsForZSet().zCard("{admission}:jobs") == 0);
        execute("e2e-fresh", "print(1)", 200);
    }

    private EntityExchangeResult<Map<String, Object>> execute(String chatId, String code, int status) {
        return TestStack.clientFor(stack.baseUrl()).post().uri("/v1/execute").headers(INTERNAL_WITH_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("chat_id", chatId, "source_code", code))
                .exchange().expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult();
    }

    /** A job that runs for a while; disposing the request closes the connection, which releases the slot. */
    private Disposable executeInBackground(String chatId) {
        return WebClient.create(stack.baseUrl()).post().uri("/v1/execute").headers(INTERNAL_WITH_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", "import time; time.sleep(20)"))
                .retrieve().toBodilessEntity().subscribe(response -> { }, error -> { });
    }
}
