package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * API keys and the spawn restriction over a real server. The test's own requests come from 127.0.0.1, which is here
 * a trusted proxy but not internal: a request is internal only through {@code X-Forwarded-For} or the Host header.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.api-keys=[\"first-key\", \"second-key\"]",
                "app.internal-ip-allowlist=10.0.0.0/8,fd00::/8",
                "app.internal-host-allowlist=api.internal",
                "app.trusted-proxies=127.0.0.1,::1",
                // as the real api has them (common's infrastructure.properties, not loaded here)
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.probes.add-additional-paths=true"})
class AccessHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final String ADD_TOOL = "def add(a: int, b: int) -> int:\n    return a + b\n";
    private static final Consumer<HttpHeaders> INTERNAL = headers -> {
        headers.setBearerAuth("second-key");
        headers.set("X-Forwarded-For", "10.1.2.3");
    };

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/execute", "/v1/upload", "/v1/download", "/v1/expire", "/v1/parse-custom-tool",
            "/v1/execute-custom-tool", "/v1/jobs", "/v1/execute/stream", "/unknown"})
    void shouldAnswer401WithABearerChallengeWhenTheKeyIsMissing(String path) {
        Map<String, Object> problem = client().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.set("X-Forwarded-For", "10.1.2.3")).bodyValue(Map.of("chat_id", "c"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"code-interpreter\"")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("status", 401).containsEntry("detail", AccessFilter.MISSING_KEY);
    }

    @Test
    void shouldAnswerTheHealthProbesWithoutAKeyWhenKeysAreRequired() {
        client().get().uri("/livez").exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).value(body -> assertThat(body).containsEntry("status", "UP"));
        client().get().uri("/readyz").exchange().expectStatus().isOk();
        // down here (this context has no Redis), but answered, not refused
        client().get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503);
        client().get().uri("/v1/openapi.json").exchange().expectStatus().isUnauthorized();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-key", "Bearer first-key-but-longer", "Basic Zmlyc3Qta2V5", "Bearer ",
            "first-key"})
    void shouldAnswer401WhenTheKeyIsWrong(String authorization) {
        Map<String, Object> problem = client().post().uri("/v1/download").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization).bodyValue(Map.of("chat_id", "c"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat((String) problem.get("detail")).isIn(AccessFilter.MISSING_KEY, AccessFilter.INVALID_KEY)
                .doesNotContain("key-");
    }

    @Test
    void shouldServeEveryEndpointWithTheRightKeyToAnInternalClient() {
        Map<String, Object> executed = post("/v1/execute", Map.of("chat_id", "keys", "source_code", "print(3)"));
        assertThat(executed).containsEntry("stdout", "3\n");

        Map<String, Object> uploaded = upload(INTERNAL);
        Map<String, Object> grant = Map.of("chat_id", "keys", "file_hash", uploaded.get("file_hash"),
                "filename", "a.txt");
        byte[] downloaded = client().post().uri("/v1/download").headers(INTERNAL)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(grant).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(downloaded, StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(post("/v1/expire", grant)).containsEntry("success", true);

        assertThat(post("/v1/parse-custom-tool", Map.of("tool_source_code", ADD_TOOL)))
                .containsEntry("tool_name", "add");
        assertThat(post("/v1/execute-custom-tool", Map.of("tool_source_code", ADD_TOOL,
                "tool_input_json", "{\"a\": 1, \"b\": 2}"))).containsEntry("tool_output_json", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/execute", "/v1/parse-custom-tool", "/v1/execute-custom-tool", "/v1/jobs"})
    void shouldAnswer403WhenTheClientIsNotInternal(String path) {
        Map<String, Object> problem = client().post().uri(path).headers(h -> h.setBearerAuth("first-key"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "c", "source_code", "print(1)", "tool_source_code", ADD_TOOL))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("detail", "Spawn requests must originate from an internal URL / IP");
    }

    @Test
    void shouldAnswer403ToAnUploadFromAClientThatIsNotInternal() {
        client().post().uri("/v1/upload").headers(h -> h.setBearerAuth("first-key"))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form().build()))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo(SpawnPolicy.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/download", "/v1/expire"})
    void shouldLetAnyClientWithTheKeyDownloadAndExpire(String path) {
        client().post().uri(path).headers(h -> h.setBearerAuth("first-key")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "c", "file_hash", "0".repeat(64), "filename", "a.txt"))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("File not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.9", "10.1.2.3, 203.0.113.9", "10.1.2.3, 203.0.113.9, 127.0.0.1", "garbage"})
    void shouldAnswer403WhenTheRightMostUntrustedForwardedAddressIsNotInternal(String forwardedFor) {
        client().post().uri("/v1/execute").headers(h -> {
                    h.setBearerAuth("first-key");
                    h.set("X-Forwarded-For", forwardedFor);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("chat_id", "c", "source_code", "print(1)"))
                .exchange()
                .expectStatus().isForbidden();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.9, 10.1.2.3", "fd00::7", "10.1.2.3, 127.0.0.1"})
    void shouldServeAnInternalClientBehindTheTrustedProxy(String forwardedFor) {
        client().post().uri("/v1/execute").headers(h -> {
                    h.setBearerAuth("first-key");
                    h.set("X-Forwarded-For", forwardedFor);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("chat_id", "c", "source_code", "print(1)"))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void shouldServeARequestForAnAllowlistedHost() {
        client().post().uri("/v1/execute").headers(h -> {
                    h.setBearerAuth("first-key");
                    h.set(HttpHeaders.HOST, "api.internal:50081");
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("chat_id", "c", "source_code", "print(1)"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.stdout").isEqualTo("3\n");
    }

    private Map<String, Object> post(String path, Map<String, Object> body) {
        return client().post().uri(path).headers(INTERNAL).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private Map<String, Object> upload(Consumer<HttpHeaders> headers) {
        return client().post().uri("/v1/upload").headers(headers).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form().build())).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private static MultipartBodyBuilder form() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "keys");
        form.part("upload", "abc".getBytes(StandardCharsets.UTF_8)).filename("a.txt");
        return form;
    }
}
