package dev.codeinterp.api.health;

import dev.codeinterp.api.access.SettingList;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar api-service.jar health-check [base URL]}: runs {@code print(21 * 2)} through the api, the whole way
 * (api, Kafka, a worker, a sandbox, back), and exits 0 when the reply's stdout is {@code 42\n}, 1 otherwise, saying
 * why. Without a URL it calls this container's own api: {@code APP_HTTP_LISTEN_ADDR}'s port on 127.0.0.1. With API
 * keys ({@code APP_API_KEYS}) it sends {@code APP_HEALTH_CHECK_API_KEY}, else the first of them.
 */
public final class HealthCheckCommand {

    public static final String NAME = "health-check";
    static final String PROGRAM = "print(21 * 2)";
    static final String EXPECTED = "42\n";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HealthCheckCommand() {
    }

    /** @return the exit status */
    public static int run(List<String> args, Map<String, String> env, PrintStream out) {
        String baseUrl = args.size() > 1 ? args.get(1) : ownUrl(env.getOrDefault("APP_HTTP_LISTEN_ADDR", ""));
        String key = env.getOrDefault("APP_HEALTH_CHECK_API_KEY", "");
        if (key.isBlank()) {
            List<String> keys = SettingList.parse(env.getOrDefault("APP_API_KEYS", ""), "APP_API_KEYS");
            key = keys.isEmpty() ? "" : keys.get(0);
        }
        URI execute;
        try {
            execute = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/execute");
        } catch (IllegalArgumentException e) {
            out.println("unhealthy: not a URL: " + baseUrl);
            return 1;
        }
        return check(execute, key, out);
    }

    static int check(URI execute, String apiKey, PrintStream out) {
        String body = JSON.writeValueAsString(Map.of("source_code", PROGRAM, "persistent_workspace", false,
                "chat_id", NAME + "-" + UUID.randomUUID()));
        HttpRequest.Builder request = HttpRequest.newBuilder(execute).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("unhealthy: interrupted");
            return 1;
        } catch (Exception e) {
            out.println("unhealthy: POST " + execute + " failed: " + e);
            return 1;
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String stdout = stdoutOf(response.body());
        if (response.statusCode() != 200 || !EXPECTED.equals(stdout)) {
            out.println("unhealthy: POST " + execute + " answered " + response.statusCode() + " in " + millis
                    + " ms, expected 200 with stdout \"42\\n\": " + abbreviate(response.body()));
            return 1;
        }
        out.println("healthy: " + PROGRAM + " printed 42 through " + execute + " in " + millis + " ms");
        return 0;
    }

    /** {@code 0.0.0.0:50081} and the like: this host's own port, over loopback. */
    static String ownUrl(String listenAddr) {
        String port = listenAddr.isBlank() ? "50081" : listenAddr.substring(listenAddr.lastIndexOf(':') + 1);
        return "http://127.0.0.1:" + port;
    }

    private static String stdoutOf(String body) {
        try {
            JsonNode stdout = JSON.readTree(body).path("stdout");
            return stdout.isString() ? stdout.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
