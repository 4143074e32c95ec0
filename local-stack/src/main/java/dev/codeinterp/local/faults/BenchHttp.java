package dev.codeinterp.local.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark's JSON calls to the api, and how their answers read as {@link Observation}s. */
final class BenchHttp {

    /** An answer: its status and JSON body (an empty object when the body is not JSON). */
    record Answer(int status, JsonNode body) {

        String jobId() {
            return body.path("job_id").asString("");
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;

    BenchHttp(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    Answer post(String path, Map<String, Object> body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request.build());
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build());
    }

    /** {@code GET /v1/jobs/{id}} of {@code job}, as an observation. */
    Observation observe(TrackedJob job) throws IOException, InterruptedException {
        Answer answer = get("/v1/jobs/" + job.jobId() + "?chat_id=" + job.chatId());
        return answer.status() == 200 ? ofJob(answer.body()) : new Observation("http-" + answer.status(), "", false);
    }

    /** The body of a {@code /v1/execute} answered 200. */
    static Observation ofExecute(JsonNode body) {
        String status = body.path("exit_code").asInt(-1) == 0 ? Observation.SUCCEEDED
                : "exit-" + body.path("exit_code").asInt(-1);
        return new Observation(status, body.path("stdout").asString(""), body.path("files").has(Program.FILE));
    }

    /** The body of a {@code GET /v1/jobs/{id}} answered 200. */
    static Observation ofJob(JsonNode body) {
        JsonNode result = body.path("result");
        return new Observation(body.path("status").asString("unknown"), result.path("stdout").asString(""),
                result.path("files").has(Program.FILE));
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JacksonException e) {
            body = json.createObjectNode();
        }
        return new Answer(response.statusCode(), body == null || body.isMissingNode() ? json.createObjectNode() : body);
    }
}
