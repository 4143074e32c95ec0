package dev.codeinterp.common.callback;

import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static dev.codeinterp.common.job.JobRecordBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codeinterp.common.infra.http.OkHttpCallbackTransport;
import dev.codeinterp.common.infra.redis.RedisCallbackLedger;
import dev.codeinterp.common.infra.redis.RedisJobStore;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks end to end: a real Redis holding the job and its callback, the OkHttp transport, and a JDK HTTP server on
 * 127.0.0.1 receiving them (allowlisted: loopback is refused otherwise).
 */
class JobCallbacksIT {

    private static final String SECRET = "s3cret";
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger redirectedHits = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private JobStore jobs;
    private CallbackLedger ledger;

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.get(name).get(0);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::hook);
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", url("/elsewhere"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            redirectedHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        jobs = new RedisJobStore(redis.template(), new ContractJson());
        ledger = new RedisCallbackLedger(redis.template());
    }

    @AfterEach
    void stop() {
        released.countDown();
        executor.shutdownNow();
        server.stop(0);
    }

    private void hook(HttpExchange exchange) throws IOException {
        received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer status = answers.poll();
        exchange.sendResponseHeaders(status == null ? 204 : status, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private JobLifecycle lifecycle(List<String> allowlist, int maxAttempts) {
        CallbackSettings settings = new CallbackSettings(SECRET, allowlist, maxAttempts, Duration.ofMillis(10));
        ContractJson json = new ContractJson();
        JobCallbacks callbacks = new JobCallbacks(ledger, jobs, new CallbackTargets(settings,
                CallbackTargets.HostResolver.SYSTEM), new OkHttpCallbackTransport(), json::encode, settings, executor,
                Clock.systemUTC());
        return new JobLifecycle(jobs, callbacks);
    }

    private JobRecord submitted(String callbackUrl) {
        JobRecord job = aJob().withChatId("chat-cb").submittedAt(NOW).build();
        jobs.create(job, Duration.ofMinutes(10));
        ledger.register(job.jobId(), callbackUrl);
        return job;
    }

    private CallbackState awaitAttempts(String jobId, int attempts) {
        await().until(() -> ledger.find(jobId).map(CallbackState::attempts).orElse(0) >= attempts);
        return ledger.find(jobId).orElseThrow();
    }

    @Test
    void shouldPostTheSignedResultInTheShapeOfGetJobWithoutHoldingTheJobThreadWhenTheJobSucceeds() throws Exception {
        JobLifecycle lifecycle = lifecycle(List.of("127.0.0.1"), 5);
        JobRecord job = submitted(url("/hook"));
        lifecycle.markRunning(job.jobId(), NOW.plusSeconds(1), NOW.plusSeconds(60));

        // The server holds every request until released: finish returning first shows the job thread never waits.
        lifecycle.finish(aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withStdout("42\n")
                .withFile("/workspace/out.csv", "a".repeat(64), new FileMetadata(3, null))
                .startedAt(NOW.plusSeconds(1)).finishedAt(NOW.plusSeconds(2)).build(), NOW.plusSeconds(2));
        released.countDown();
        CallbackState state = awaitAttempts(job.jobId(), 1);

        assertThat(state.delivered()).isTrue();
        assertThat(state.lastStatusCode()).isEqualTo(204);
        assertThat(state.deliveredAt()).isNotNull();
        assertThat(received).hasSize(1);
        Received request = received.peek();
        assertThat(request.header("Content-type")).isEqualTo("application/json");
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        String timestamp = request.header("X-signature-timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), offset(600L));
        assertThat(request.header("X-signature-256")).isEqualTo("sha256=" + hmac(timestamp, request.body()));
        JsonNode body = new JsonMapper().readTree(request.body());
        assertThat(body.get("job_id").stringValue()).isEqualTo(job.jobId());
        assertThat(body.get("status").stringValue()).isEqualTo("succeeded");
        assertThat(body.get("chat_id").stringValue()).isEqualTo("chat-cb");
        assertThat(body.get("submitted_at").stringValue()).isEqualTo("2030-01-01T12:00:00Z");
        assertThat(body.get("finished_at").stringValue()).isEqualTo("2030-01-01T12:00:02Z");
        assertThat(body.get("error").isNull()).isTrue();
        JsonNode result = body.get("result");
        assertThat(result.get("stdout").stringValue()).isEqualTo("42\n");
        assertThat(result.get("exit_code").intValue()).isZero();
        assertThat(result.get("files").get("/workspace/out.csv").stringValue()).isEqualTo("a".repeat(64));
        assertThat(result.get("files_metadata").get("/workspace/out.csv").get("remaining_downloads").intValue())
                .isEqualTo(3);
    }

    @Test
    void shouldRetryAndRecordEveryAttemptWhenTheReceiverFirstAnswers500() {
        released.countDown();
        answers.addAll(List.of(500, 503, 200));
        JobLifecycle lifecycle = lifecycle(List.of("127.0.0.1"), 5);
        JobRecord job = submitted(url("/hook"));

        lifecycle.fail(job.jobId(), "No sandbox available", NOW.plusSeconds(1));
        CallbackState state = awaitAttempts(job.jobId(), 3);

        assertThat(state).extracting(CallbackState::delivered, CallbackState::lastStatusCode,
                CallbackState::lastError).containsExactly(true, 200, null);
        assertThat(received).hasSize(3);
        assertThat(received).allSatisfy(request -> assertThat(request.header("X-signature-256"))
                .isEqualTo("sha256=" + hmac(request.header("X-signature-timestamp"), request.body())));
        assertThat(new String(received.peek().body(), StandardCharsets.UTF_8))
                .contains("\"status\":\"failed\"", "\"error\":\"No sandbox available\"", "\"result\":null");
    }

    @Test
    void shouldStopAfterMaxAttemptsWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        JobLifecycle lifecycle = lifecycle(List.of("127.0.0.1"), 3);
        JobRecord job = submitted("http://127.0.0.1:" + closedPort + "/hook");

        lifecycle.cancel(job.jobId(), NOW.plusSeconds(1));
        CallbackState state = awaitAttempts(job.jobId(), 3);

        assertThat(state.delivered()).isFalse();
        assertThat(state.lastStatusCode()).isNull();
        assertThat(state.lastError()).contains("ConnectException");
        await().until(() -> executor.submit(() -> true).get()); // nothing queued runs a fourth attempt after it
        assertThat(ledger.find(job.jobId()).orElseThrow().attempts()).isEqualTo(3);
    }

    @Test
    void shouldRefuseWithoutRetryingWhenTheTargetIsLoopbackAndNotAllowlisted() {
        released.countDown();
        JobLifecycle lifecycle = lifecycle(List.of(), 5);
        JobRecord job = submitted(url("/hook"));

        lifecycle.cancel(job.jobId(), NOW.plusSeconds(1));
        CallbackState state = awaitAttempts(job.jobId(), 1);

        assertThat(state.delivered()).isFalse();
        assertThat(state.lastError()).isEqualTo("refused: host '127.0.0.1' resolves to loopback address 127.0.0.1");
        assertThat(received).isEmpty();
        await().until(() -> executor.submit(() -> true).get());
        assertThat(ledger.find(job.jobId()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void shouldNotFollowARedirectWhenTheReceiverAnswers302() {
        JobLifecycle lifecycle = lifecycle(List.of("127.0.0.1"), 1);
        JobRecord job = submitted(url("/moved"));

        lifecycle.cancel(job.jobId(), NOW.plusSeconds(1));
        CallbackState state = awaitAttempts(job.jobId(), 1);

        assertThat(state).extracting(CallbackState::delivered, CallbackState::lastStatusCode)
                .containsExactly(false, 302);
        assertThat(redirectedHits).hasValue(0);
    }

    @Test
    void shouldSendNothingWhenTheJobHasNoCallback() {
        JobLifecycle lifecycle = lifecycle(List.of("127.0.0.1"), 5);
        JobRecord job = aJob().build();
        jobs.create(job, Duration.ofMinutes(10));

        lifecycle.cancel(job.jobId(), NOW);
        await().until(() -> executor.submit(() -> true).get());

        assertThat(ledger.find(job.jobId())).isEmpty();
        assertThat(received).isEmpty();
    }

    private static String hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
