package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job callbacks end to end: the worker that ran a job, or the api that cancelled it, POSTs the job to a server of the
 * test (reached as {@code localhost}, the stack's allowlisted host), signed as the README says: the README's own
 * Python verifier checks the signature.
 */
class CallbacksIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {
    };

    private final WebTestClient client = TestStack.client();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    record Received(String timestamp, String signature, byte[] body) {
    }

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Signature-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Signature-256"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    @Test
    void shouldPostTheSignedJobAsGetShowsItWhenTheWorkerHasRunIt() throws Exception {
        String jobId = submit("callback-run", "print(6 * 7)");

        await().atMost(Duration.ofSeconds(90)).until(() -> !received.isEmpty());
        Received callback = received.peek();
        Map<String, Object> shown = await().atMost(Duration.ofSeconds(30)).until(() -> job(jobId, "callback-run"),
                job -> Boolean.TRUE.equals(callbackOf(job).get("delivered")));

        assertThat(callbackOf(shown)).containsEntry("attempts", 1).containsEntry("last_status_code", 204);
        Map<String, Object> sent = new JsonMapper().readValue(callback.body(), JSON_MAP);
        Map<String, Object> withoutCallback = new HashMap<>(shown);
        withoutCallback.remove("callback");
        assertThat(sent).isEqualTo(withoutCallback).containsEntry("status", "succeeded");
        assertThat(verifiedByTheReadmesPython(callback)).isEqualTo("True");
        assertThat(received).hasSize(1);
    }

    @Test
    void shouldPostTheCancelledJobWhenTheApiCancelsARunningJob() {
        String jobId = submit("callback-cancel", "import time\ntime.sleep(7332)");
        await().atMost(Duration.ofSeconds(90)).until(() -> "running".equals(job(jobId, "callback-cancel")
                .get("status")));

        client.delete().uri("/v1/jobs/{id}?chat_id=callback-cancel", jobId).exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        assertThat(new String(received.peek().body(), StandardCharsets.UTF_8))
                .contains("\"job_id\":\"" + jobId + "\"", "\"status\":\"cancelled\"", "\"error\":\"Cancelled\"");
    }

    private String submit(String chatId, String source) {
        return (String) TestHttp.post(client, "/v1/jobs", Map.of("chat_id", chatId, "source_code", source,
                "callback_url", "http://localhost:" + server.getAddress().getPort() + "/hook"), 202).get("job_id");
    }

    private Map<String, Object> job(String jobId, String chatId) {
        return client.get().uri("/v1/jobs/{id}?chat_id={chat}", jobId, chatId).exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> callbackOf(Map<String, Object> job) {
        return (Map<String, Object>) job.get("callback");
    }

    /** Runs the README's {@code verify} on the received callback; prints {@code True} when it verifies. */
    private static String verifiedByTheReadmesPython(Received callback) throws IOException, InterruptedException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher snippet = Pattern.compile("#### Callbacks.*?```python\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(snippet.find()).as("the README's Python verifier").isTrue();
        Path body = Files.createTempFile("callback-body", ".json");
        Files.write(body, callback.body());
        String program = snippet.group(1) + "\nimport sys\nheaders = {'X-Signature-Timestamp': sys.argv[2], "
                + "'X-Signature-256': sys.argv[3]}\nprint(verify(sys.argv[1].encode(), headers, "
                + "open(sys.argv[4], 'rb').read()))\n";
        Process python = new ProcessBuilder(List.of("/usr/bin/python3", "-c", program, TestStack.CALLBACK_SECRET,
                callback.timestamp(), callback.signature(), body.toString())).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        python.waitFor();
        Files.delete(body);
        return output;
    }
}
