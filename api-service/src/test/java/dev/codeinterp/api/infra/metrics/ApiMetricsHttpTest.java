package dev.codeinterp.api.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.common.files.InMemoryFileStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The api's own counters, driven over a real server: admission refusals by the limit that refused, and download
 * denials by why (every one a 404 to the client).
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0",
                "app.chat-rate-limit=1/1m"})
class ApiMetricsHttpTest {

    private static final String HASH = "a".repeat(64);

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;
    @Autowired
    InMemoryFileStore files;

    @Test
    void shouldCountARefusalByTheLimitThatRefusedIt() {
        double before = count("code.interpreter.admission.refusals", "chat_rate_limited");

        execute("rate-metrics").expectStatus().isOk();
        execute("rate-metrics").expectStatus().isEqualTo(429);

        assertThat(count("code.interpreter.admission.refusals", "chat_rate_limited")).isEqualTo(before + 1);
        assertThat(count("code.interpreter.admission.refusals", "queue_full")).isZero();
    }

    @Test
    void shouldCountDownloadDenialsByWhyThoughTheClientSeesTheSame404() throws Exception {
        double noGrant = count("code.interpreter.download.denials", "no_grant");
        double notStored = count("code.interpreter.download.denials", "not_stored");

        download("someone", HASH, "nothing.txt").expectStatus().isNotFound();
        String hash = upload("owner", "kept.txt");
        files.delete(hash);
        download("owner", hash, "kept.txt").expectStatus().isNotFound();

        assertThat(count("code.interpreter.download.denials", "no_grant")).isEqualTo(noGrant + 1);
        assertThat(count("code.interpreter.download.denials", "not_stored")).isEqualTo(notStored + 1);
    }

    private double count(String name, String reason) {
        return registry.get(name).tag("reason", reason).counter().count();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private WebTestClient.ResponseSpec execute(String chatId) {
        return client().post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", "print(3)")).exchange();
    }

    private WebTestClient.ResponseSpec download(String chatId, String hash, String filename) {
        return client().post().uri("/v1/download").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "file_hash", hash, "filename", filename)).exchange();
    }

    private String upload(String chatId, String filename) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("chat_id", chatId);
        body.part("upload", "abc".getBytes(StandardCharsets.UTF_8)).filename(filename);
        @SuppressWarnings("unchecked")
        Map<String, Object> uploaded = client().post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build())).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) uploaded.get("file_hash");
    }
}
