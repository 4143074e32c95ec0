package dev.codeinterp.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refusals {@link OpenApiContractHttpTest}'s settings cannot provoke, validated against the served document the
 * same way: a full queue (503 with {@code Retry-After}) on every path that submits work, and the spawn restriction
 * (403), which also covers {@code /v1/openapi.json} but not {@code /v1/download}. No API keys here, so the document's
 * "no credentials" alternative is exercised too. The test's requests come from 127.0.0.1, a trusted proxy that is not
 * internal: a call is internal only with a forwarded internal address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0", "app.max-queued-jobs=1",
                "app.internal-ip-allowlist=10.0.0.0/8", "app.trusted-proxies=127.0.0.1,::1"})
class OpenApiCapacityHttpTest {

    private static final String SOURCE = "{\"source_code\": \"1\", \"chat_id\": \"capacity\"}";

    private final JsonMapper mapper = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private ContractClient client;

    @BeforeAll
    void readTheServedDocument() {
        client = new ContractClient(port, call -> call.header("X-Forwarded-For", "10.1.2.3"));
        client.readServedDocument();
    }

    @Test
    void shouldDescribeAFullQueueOnEveryPathThatSubmitsWork() {
        String held = ApiWithoutInfrastructure.Worker.HELD + "-capacity";
        String jobId = json(client.expect(ApiCall.postJson("/v1/jobs",
                "{\"source_code\": \"1\", \"chat_id\": \"" + held + "\"}"), 202)).get("job_id").stringValue();
        try {
            ApiAnswer refused = client.expect(ApiCall.postJson("/v1/execute", SOURCE), 503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            client.expect(ApiCall.postJson("/v1/jobs", SOURCE), 503);
            client.expect(ApiCall.postJson("/v1/execute/stream", SOURCE), 503);
            client.expect(ApiCall.postJson("/v1/execute-custom-tool", "{\"tool_source_code\": "
                    + "\"def f(a: int) -> int:\\n    return a\", \"tool_input_json\": \"{\\\"a\\\": 1}\"}"), 503);
            JsonNode batch = json(client.expect(ApiCall.postJson("/v1/jobs/batch", "{\"jobs\": [" + SOURCE + "]}"),
                    202));
            assertThat(batch.at("/jobs/0/error/status").intValue()).isEqualTo(503);
        } finally {
            client.expect(ApiCall.delete("/v1/jobs/" + jobId).query("chat_id", held), 200);
        }
        client.expect(ApiCall.postJson("/v1/execute", SOURCE), 200);
    }

    @Test
    void shouldDescribeTheSpawnRestrictionWhichAlsoCoversTheDocument() {
        for (String operation : client.readServedDocument().operations()) {
            String[] methodAndPath = operation.split(" ");
            String path = methodAndPath[1].replace("{job_id}", "some-job");
            if (!path.equals("/v1/download") && !path.equals("/v1/expire")) {
                client.expectAsIs(methodAndPath[0].equals("POST") ? ApiCall.postJson(path, SOURCE)
                        : new ApiCall(methodAndPath[0], path, Map.of(), Map.of(), new byte[0]), 403);
            }
        }
        client.expectAsIs(ApiCall.postJson("/v1/download", "{\"chat_id\": \"capacity\", \"file_hash\": \""
                + "b".repeat(64) + "\", \"filename\": \"a.txt\"}"), 404);
    }

    private JsonNode json(ApiAnswer answer) {
        return mapper.readTree(answer.body());
    }
}
