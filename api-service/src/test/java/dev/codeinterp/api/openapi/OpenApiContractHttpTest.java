package dev.codeinterp.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every endpoint over a real server, its successes and its refusals, each request/response pair validated against
 * the document the server itself serves at {@code /v1/openapi.json} (swagger-request-validator: statuses, headers,
 * bodies, and no response field the document does not name), and every Server-Sent Event against the schema of its
 * name. Also: the routes the application serves are exactly the documented operations, and a document missing a
 * status, a field or a path is caught. Everything behind the api is in memory ({@link ApiWithoutInfrastructure}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.api-keys=[\"" + OpenApiContractHttpTest.KEY + "\"]", "app.chat-max-concurrent=1",
                "app.max-batch-size=3", "app.max-request-size=64Ki", "app.file-size-limit=4Ki",
                "app.upload-temp-dir=${java.io.tmpdir}/openapi-contract-http-test"})
class OpenApiContractHttpTest {

    static final String KEY = "contract-key";
    private static final Logger log = LoggerFactory.getLogger(OpenApiContractHttpTest.class);
    private static final String HASH = "a".repeat(64);
    private static final String BOUNDARY = "contract-boundary";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final AtomicInteger chats = new AtomicInteger();

    @LocalServerPort
    int port;
    /** The application's own routes (actuator's, when present, have handler mappings of their own). */
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private ContractClient client;
    private int testsRun;
    private OpenApiContract contract;

    @BeforeAll
    void readTheServedDocument() {
        client = new ContractClient(port, OpenApiContractHttpTest::withKey);
        contract = client.readServedDocument();
    }

    @Test
    void shouldServeTheShippedDocumentAsItIs() throws IOException {
        ApiAnswer served = expect(ApiCall.get("/v1/openapi.json"), 200);

        try (var shipped = OpenApiController.class.getResourceAsStream(OpenApiController.DOCUMENT)) {
            assertThat(served.body()).isEqualTo(shipped.readAllBytes());
        }
        assertThat(json(served).get("openapi").stringValue()).startsWith("3.0.");
    }

    @Test
    void shouldDescribeTheRefusalOfEveryOperationWithoutAKey() {
        for (String operation : contract.operations()) {
            String[] methodAndPath = operation.split(" ");
            String path = methodAndPath[1].replace("{job_id}", "some-job");
            ApiCall call = methodAndPath[0].equals("POST") ? ApiCall.postJson(path, "{}")
                    : new ApiCall(methodAndPath[0], path, Map.of(), Map.of(), new byte[0]);
            expectAnonymous(call, 401);
        }
    }

    @Test
    void shouldDescribeTheRefusalOfAnOversizedBodyOnEveryJsonPost() {
        String oversized = "{\"source_code\": \"" + "x".repeat(70 * 1024) + "\"}";
        contract.operations().stream().filter(operation -> operation.startsWith("POST ") && !operation.endsWith(
                "/v1/upload")).forEach(operation -> expect(ApiCall.postJson(operation.substring(5), oversized), 413));
    }

    @Test
    void shouldDescribeEveryAnswerOfExecute() {
        String chat = chat();
        JsonNode ran = json(expect(execute("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\"}"), 200));
        assertThat(ran.get("stdout").stringValue()).isEqualTo("3\n");

        ApiCall keyed = execute("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\"}")
                .header("Idempotency-Key", "run-1");
        expect(keyed, 200);
        expect(execute("{\"source_code\": \"print(4)\", \"chat_id\": \"" + chat + "\"}")
                .header("Idempotency-Key", "run-1"), 409);
        expect(execute("{\"source_code\": \"print(4)\", \"chat_id\": \"" + chat + "\"}")
                .header("Idempotency-Key", "has space"), 400);
        expect(execute("{\"source_code\": "), 400);
        expect(execute("{\"chat_id\": \"" + chat + "\"}"), 400);
        expect(execute("{\"source_code\": \"print(3)\"}"), 403);
        expect(execute("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\", \"files\": "
                + "{\"/workspace/in.csv\": \"" + HASH + "\"}}"), 404);
        expect(execute("{\"source_code\": \"" + "x".repeat(70 * 1024) + "\", \"chat_id\": \"" + chat + "\"}"), 413);
    }

    @Test
    void shouldDescribeTheRefusalsOfAccessControl() {
        ApiAnswer missing = expectAnonymous(ApiCall.postJson("/v1/execute", "{\"source_code\": \"1\"}"), 401);
        ApiAnswer wrong = expect(ApiCall.postJson("/v1/execute", "{\"source_code\": \"1\"}")
                .header("Authorization", "Bearer not-the-key"), 401);
        expectAnonymous(ApiCall.get("/v1/openapi.json"), 401);

        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(wrong.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void shouldDescribeEveryAnswerOfTheFileEndpoints() {
        String chat = chat();
        JsonNode uploaded = json(expect(upload(chat, "report.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
                200));
        String hash = uploaded.get("file_hash").stringValue();
        expect(upload(chat, "..", new byte[] {1}), 400);
        expect(upload(chat, "big.bin", new byte[5 * 1024]), 413);

        String grant = "{\"chat_id\": \"" + chat + "\", \"file_hash\": \"" + hash + "\", \"filename\": \"report.csv\"}";
        ApiAnswer download = expect(ApiCall.postJson("/v1/download", grant), 200);
        assertThat(download.text()).isEqualTo("a,b\n1,2\n");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        expect(ApiCall.postJson("/v1/download", grant.replace(hash, HASH)), 404);
        expect(ApiCall.postJson("/v1/download", grant.replace(hash, "not-a-hash")), 400);

        assertThat(json(expect(ApiCall.postJson("/v1/expire", grant), 200)).get("success").booleanValue()).isTrue();
        expect(ApiCall.postJson("/v1/download", grant), 404);
        expect(ApiCall.postJson("/v1/expire", grant.replace(hash, HASH)), 404);
        expect(ApiCall.postJson("/v1/expire", "{\"chat_id\": \"" + chat + "\", \"file_hash\": \"" + hash + "\"}"), 400);
        expect(ApiCall.postJson("/v1/expire", "{\"file_hash\": \"" + hash + "\", \"filename\": \"a\"}"), 403);
        expect(ApiCall.postJson("/v1/download", "{\"file_hash\": \"" + hash + "\", \"filename\": \"a\"}"), 403);
        expect(upload(null, "report.csv", new byte[] {1}), 403);
    }

    @Test
    void shouldDescribeEveryAnswerOfTheCustomToolEndpoints() {
        String tool = "def add(a: int, b: int) -> int:\\n    \\\"\\\"\\\"Adds.\\\"\\\"\\\"\\n    return a + b";
        JsonNode parsed = json(expect(ApiCall.postJson("/v1/parse-custom-tool",
                "{\"tool_source_code\": \"" + tool + "\"}"), 200));
        assertThat(parsed.get("tool_name").stringValue()).isEqualTo("add");
        JsonNode invalid = json(expect(ApiCall.postJson("/v1/parse-custom-tool",
                "{\"tool_source_code\": \"x = 1\"}"), 400));
        assertThat(invalid.get("error_messages").isArray()).isTrue();
        expect(ApiCall.postJson("/v1/parse-custom-tool", "{}"), 400);

        String run = "{\"tool_source_code\": \"" + tool + "\", \"tool_input_json\": \"{\\\"a\\\": 1, \\\"b\\\": 2}\"";
        assertThat(json(expect(ApiCall.postJson("/v1/execute-custom-tool", run + "}"), 200))
                .get("tool_output_json").stringValue()).isEqualTo("3");
        expect(ApiCall.postJson("/v1/execute-custom-tool", run + ", \"chat_id\": \"" + chat() + "\"}"), 200);
        JsonNode failed = json(expect(ApiCall.postJson("/v1/execute-custom-tool",
                "{\"tool_source_code\": \"x = 1\", \"tool_input_json\": \"{}\"}"), 400));
        assertThat(failed.get("stderr").stringValue()).isNotEmpty();
        expect(ApiCall.postJson("/v1/execute-custom-tool", "{\"tool_source_code\": \"" + tool + "\"}"), 400);
    }

    @Test
    void shouldDescribeEveryAnswerOfTheJobsApi() {
        String chat = chat();
        ApiAnswer accepted = expect(job("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\", "
                + "\"callback_url\": \"https://example.com/hook\"}").header("Idempotency-Key", "job-1"), 202);
        String jobId = json(accepted).get("job_id").stringValue();
        assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + jobId);
        expect(job("{\"source_code\": \"print(4)\", \"chat_id\": \"" + chat + "\"}").header("Idempotency-Key",
                "job-1"), 409);
        expect(job("{\"chat_id\": \"" + chat() + "\"}"), 400);
        expect(job("{\"source_code\": \"1\", \"chat_id\": \"" + chat() + "\", \"callback_url\": \"ftp://x\"}"), 400);
        expect(job("{\"source_code\": \"1\", \"chat_id\": \"" + chat() + "\", \"files\": "
                + "{\"/workspace/in.csv\": \"" + HASH + "\"}}"), 404);

        JsonNode found = json(expect(ApiCall.get("/v1/jobs/" + jobId).query("chat_id", chat), 200));
        assertThat(found.get("status").stringValue()).isEqualTo("succeeded");
        assertThat(found.get("callback").get("url").stringValue()).isEqualTo("https://example.com/hook");
        expect(ApiCall.get("/v1/jobs/" + jobId).query("chat_id", chat()), 404);
        expect(ApiCall.get("/v1/jobs/" + jobId), 403);
        expect(ApiCall.get("/v1/jobs/" + jobId).query("chat_id", "not a chat"), 400);

        String held = ApiWithoutInfrastructure.Worker.HELD + chat();
        String heldJob = json(expect(job("{\"source_code\": \"1\", \"chat_id\": \"" + held + "\"}"), 202))
                .get("job_id").stringValue();
        expect(job("{\"source_code\": \"1\", \"chat_id\": \"" + held + "\"}"), 429);
        expect(execute("{\"source_code\": \"1\", \"chat_id\": \"" + held + "\"}"), 429);
        expect(ApiCall.postJson("/v1/execute/stream", "{\"source_code\": \"1\", \"chat_id\": \"" + held + "\"}"),
                429);
        expect(ApiCall.postJson("/v1/execute-custom-tool", "{\"tool_source_code\": \"def f(a: int) -> int:\\n"
                + "    return a\", \"tool_input_json\": \"{\\\"a\\\": 1}\", \"chat_id\": \"" + held + "\"}"), 429);
        expect(ApiCall.delete("/v1/jobs/" + heldJob), 403);
        expect(ApiCall.delete("/v1/jobs/" + heldJob).query("chat_id", "not a chat"), 400);
        expect(ApiCall.get("/v1/jobs/" + heldJob + "/events"), 403);
        expect(ApiCall.get("/v1/jobs/" + heldJob + "/events").query("chat_id", "not a chat"), 400);
        expect(ApiCall.delete("/v1/jobs/" + heldJob).query("chat_id", held), 200);
        assertThat(json(expect(ApiCall.delete("/v1/jobs/" + heldJob).query("chat_id", held), 409))
                .get("job_status").stringValue()).isEqualTo("cancelled");
        expect(ApiCall.delete("/v1/jobs/" + heldJob).query("chat_id", chat()), 404);
    }

    @Test
    void shouldDescribeEveryAnswerOfTheBatchEndpoint() {
        expect(ApiCall.postJson("/v1/jobs/batch", "{\"jobs\": [{\"source_code\": \"1\", \"chat_id\": \"" + chat()
                + "\"}]}"), 202);
        // Accepted as a whole, though one entry breaks the document's rules: that entry is refused in its slot.
        ApiCall partly = withKey(ApiCall.postJson("/v1/jobs/batch", "{\"jobs\": [{\"source_code\": \"1\", "
                + "\"chat_id\": \"" + chat() + "\"}, {\"chat_id\": \"" + chat() + "\"}]}"));
        ApiAnswer answer = send(partly);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(contract.problemsOf(partly, answer, false)).isEmpty();
        JsonNode batch = json(answer);
        assertThat(batch.get("jobs").get(1).get("error").get("status").intValue()).isEqualTo(400);
        expect(ApiCall.postJson("/v1/jobs/batch", "{\"jobs\": []}"), 400);
    }

    @Test
    void shouldDescribeTheEventStreams() {
        String chat = chat();
        String jobId = json(expect(job("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\"}"), 202))
                .get("job_id").stringValue();

        ApiAnswer events = expect(ApiCall.get("/v1/jobs/" + jobId + "/events").query("chat_id", chat), 200);
        assertThat(ServerSentEvents.parse(events.text())).extracting(ServerSentEvents.Event::name)
                .contains("status", "result");
        expect(ApiCall.get("/v1/jobs/" + jobId + "/events").query("chat_id", chat)
                .header("Last-Event-ID", "not-an-id"), 400);
        expect(ApiCall.get("/v1/jobs/" + jobId + "/events").query("chat_id", chat()), 404);

        ApiAnswer streamed = expect(ApiCall.postJson("/v1/execute/stream",
                "{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat() + "\"}"), 200);
        assertThat(ServerSentEvents.parse(streamed.text())).extracting(ServerSentEvents.Event::name).last()
                .isEqualTo("result");
        expect(ApiCall.postJson("/v1/execute/stream", "{\"chat_id\": \"" + chat() + "\"}"), 400);
        expect(ApiCall.postJson("/v1/execute/stream", "{\"source_code\": \"1\"}"), 403);
        expect(ApiCall.postJson("/v1/execute/stream", "{\"source_code\": \"1\", \"chat_id\": \"" + chat()
                + "\", \"files\": {\"/workspace/in.csv\": \"" + HASH + "\"}}"), 404);
    }

    @Test
    void shouldServeExactlyTheDocumentedOperations() {
        Set<String> served = handlerMapping.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternsCondition().getPatterns().stream()
                        .flatMap(pattern -> info.getMethodsCondition().getMethods().stream()
                                .map(method -> method.name() + " " + normalised(pattern.getPatternString()))))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = contract.operations().stream().map(OpenApiContractHttpTest::normalised)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(served).isEqualTo(documented);
    }

    @Test
    void shouldCatchADocumentMissingAStatusAFieldOrAPath() {
        String chat = chat();
        ApiCall call = withKey(execute("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat + "\"}"));
        ApiAnswer answer = send(call);
        ApiCall missingChat = withKey(execute("{\"source_code\": \"print(3)\"}"));
        ApiAnswer refused = send(missingChat);

        ObjectNode withoutStatus = tree();
        ((ObjectNode) withoutStatus.at("/paths/~1v1~1execute/post/responses")).remove("403");
        ObjectNode withoutField = tree();
        ((ObjectNode) withoutField.at("/components/schemas/ExecuteResponse/properties")).remove("job_id");
        ObjectNode withoutPath = tree();
        ((ObjectNode) withoutPath.get("paths")).remove("/v1/execute");

        assertThat(new OpenApiContract(withoutStatus.toString()).problemsOf(missingChat, refused))
                .anyMatch(problem -> problem.contains("403"));
        assertThat(new OpenApiContract(withoutField.toString()).problemsOf(call, answer))
                .anyMatch(problem -> problem.contains("job_id"));
        assertThat(new OpenApiContract(withoutPath.toString()).problemsOf(call, answer)).isNotEmpty();
        assertThat(contract.problemsOf(call, answer)).isEmpty();
    }

    @Test
    void shouldCatchAnAnswerMissingARequiredHeaderOrWithAnUndocumentedEvent() {
        ApiCall submit = withKey(job("{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat() + "\"}"));
        ApiAnswer accepted = send(submit);
        Map<String, List<String>> withoutLocation = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        withoutLocation.putAll(accepted.headers());
        withoutLocation.remove("Location");
        ApiCall stream = withKey(ApiCall.postJson("/v1/execute/stream",
                "{\"source_code\": \"print(3)\", \"chat_id\": \"" + chat() + "\"}"));
        ApiAnswer streamed = send(stream);
        String renamed = streamed.text().replace("event:stdout", "event:progress").replace("event:status",
                "event:progress");

        assertThat(contract.problemsOf(submit, new ApiAnswer(202, withoutLocation, accepted.body())))
                .anyMatch(problem -> problem.contains("Location"));
        assertThat(contract.problemsOf(stream, new ApiAnswer(200, streamed.headers(),
                renamed.getBytes(StandardCharsets.UTF_8)))).anyMatch(problem -> problem.contains("progress"));
    }

    @AfterEach
    void countTest() {
        testsRun++;
    }

    /** Each documented operation was seen answering, with a success and with a refusal (when every test ran). */
    @AfterAll
    void shouldHaveSeenEveryOperationSucceedAndFail() {
        long tests = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                .count();
        if (testsRun < tests) {
            return;
        }
        Set<String> seen = contract.seen();
        Set<String> unseen = new TreeSet<>(contract.responses());
        unseen.removeAll(seen);
        log.info("{} of {} documented responses seen; not provoked here: {}", contract.responses().size()
                - unseen.size(), contract.responses().size(), unseen);
        for (String operation : contract.operations()) {
            assertThat(seen).as("successes of " + operation).anyMatch(s -> s.startsWith(operation + " 2"));
            assertThat(seen).as("refusals of " + operation).anyMatch(s -> s.startsWith(operation + " 4"));
        }
    }

    private ApiAnswer expect(ApiCall call, int status) {
        return client.expect(call, status);
    }

    private ApiAnswer expectAnonymous(ApiCall call, int status) {
        return client.expectAsIs(call, status);
    }

    private ApiAnswer send(ApiCall call) {
        return client.send(call);
    }

    private static ApiCall withKey(ApiCall call) {
        return call.headers().containsKey("Authorization") ? call : call.header("Authorization", "Bearer " + KEY);
    }

    private static ApiCall execute(String json) {
        return ApiCall.postJson("/v1/execute", json);
    }

    private static ApiCall job(String json) {
        return ApiCall.postJson("/v1/jobs", json);
    }

    private static ApiCall upload(String chat, String filename, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String chatPart = chat == null ? "" : "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n" + chat + "\r\n";
        body.writeBytes((chatPart + "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"max_downloads\"\r\n\r\n2\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return ApiCall.post("/v1/upload", "multipart/form-data; boundary=" + BOUNDARY, body.toByteArray());
    }

    private String chat() {
        return "contract-" + chats.incrementAndGet();
    }

    private JsonNode json(ApiAnswer answer) {
        return mapper.readTree(answer.body());
    }

    private ObjectNode tree() {
        return (ObjectNode) mapper.readTree(send(withKey(ApiCall.get("/v1/openapi.json"))).body());
    }

    /** {@code /v1/jobs/{jobId}} and {@code /v1/jobs/{job_id}} are the same route. */
    private static String normalised(String operation) {
        return operation.replaceAll("\\{[^}]+}", "{}");
    }
}
