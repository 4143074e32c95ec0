package dev.codeinterp.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's calls to the api, each checked. HTTP/1.1 over one shared client: its connection pool is unbounded,
 * so each concurrent caller keeps a connection of its own.
 */
final class StackClient {

    /** A request, and a piece of the body of a right answer. */
    record Call(String path, String body, String expected) {
    }

    /** An answer that is not 200 with the expected piece in its body. */
    static final class WrongAnswer extends Exception {

        WrongAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** Sequential timings of successful calls, and the failed ones by kind. */
    record Timings(Percentiles latencies, Map<String, Integer> errors) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    StackClient(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    /** {@code POST /v1/execute} of {@code source} in {@code chat}, right when its stdout is {@code stdout}. */
    static Call execute(String chat, String source, String stdout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chat);
        body.put("source_code", source);
        String expected = JSON.writeValueAsString(Map.of("stdout", stdout));
        return post("/v1/execute", body, expected.substring(1, expected.length() - 1));
    }

    /** A JSON {@code POST} of {@code body} to {@code path}. */
    static Call post(String path, Map<String, ?> body, String expected) {
        return new Call(path, JSON.writeValueAsString(body), expected);
    }

    /** Sends {@code call} and returns how long its answer took, in nanoseconds. */
    long time(Call call) throws IOException, InterruptedException, WrongAnswer {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(call.path())).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new WrongAnswer("HTTP " + response.statusCode());
        }
        if (!response.body().contains(call.expected())) {
            throw new WrongAnswer("HTTP 200 without " + call.expected());
        }
        return elapsed;
    }

    /** {@code count} calls one after the other; a failed one is counted, and the run goes on. */
    Timings sequential(Call call, int count) throws InterruptedException {
        long[] nanos = new long[count];
        int succeeded = 0;
        Map<String, Integer> errors = new HashMap<>();
        for (int i = 0; i < count; i++) {
            try {
                nanos[succeeded] = time(call);
                succeeded++;
            } catch (IOException | WrongAnswer e) {
                errors.merge(LoadRun.kindOf(e), 1, Integer::sum);
            }
        }
        return new Timings(new Percentiles(Arrays.copyOf(nanos, succeeded)), Map.copyOf(errors));
    }
}
