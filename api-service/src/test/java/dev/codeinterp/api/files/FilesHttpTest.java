package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.common.files.InMemoryFileStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/**
 * The file endpoints over a real Netty server (pooled buffers, streaming multipart, problem details), with the file
 * store and grant ledger in memory: fast enough to cover the HTTP edge cases the end-to-end test leaves out.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0", "app.file-size-limit=1Mi",
                "app.upload-temp-dir=${java.io.tmpdir}/files-http-test"})
class FilesHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    @LocalServerPort
    int port;
    @Autowired
    InMemoryFileStore files;
    @Autowired
    ApiProperties properties;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void shouldStoreTheUploadAndServeItBack() {
        byte[] content = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> uploaded = upload(200, "chat", "table.csv", content);

        EntityExchangeResult<byte[]> download = client().post().uri("/v1/download")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "chat", "file_hash", uploaded.get("file_hash"), "filename", "table.csv"))
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();

        assertThat(download.getResponseBody()).isEqualTo(content);
        assertThat(download.getResponseHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("text/csv"));
        assertThat(download.getResponseHeaders().getContentLength()).isEqualTo(content.length);
        assertThat(download.getResponseHeaders().getContentDisposition())
                .isEqualTo(ContentDisposition.attachment().filename("table.csv", StandardCharsets.UTF_8).build());
    }

    @Test
    void shouldAnswer413AndKeepNothingWhenTheUploadIsOverTheLimit() throws IOException {
        int before = files.count();
        Flux<DataBuffer> oversized = zeros(20);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "chat");
        form.asyncPart("upload", oversized, DataBuffer.class).filename("big.bin");

        Map<String, Object> problem = client().post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isEqualTo(413).expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("detail", "File too large");
        assertThat(files.count()).isEqualTo(before);
        try (Stream<Path> staged = Files.list(Path.of(properties.uploadTempDir()))) {
            assertThat(staged).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "..", ".", "a\\b.txt", "nul\u0000.txt"})
    void shouldRefuseAnInvalidFilenameWithoutReadingTheFile(String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "chat");
        form.asyncPart("upload", zeros(8), DataBuffer.class).filename(filename);

        Map<String, Object> problem = client().post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isBadRequest().expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("detail", "Invalid filename");
        upload(200, "chat", "after.txt", "after".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "..", ".", "a\\b.txt", "nul\u0000.txt"})
    void shouldRefuseAnInvalidFilenameOfASmallFile(String filename) {
        Map<String, Object> problem = upload(400, "chat", filename, "x".getBytes(StandardCharsets.UTF_8));

        assertThat(problem).containsEntry("detail", "Invalid filename");
        upload(200, "chat", "after.txt", "after".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswer415WhenTheUploadIsNotAForm() {
        Map<String, Object> problem = client().post().uri("/v1/upload").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", "chat")).exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("detail", "Request body must be multipart/form-data");
    }

    @Test
    void shouldAnswerTheSameProblemForAnUnknownFileAndForAnExpiredOne() {
        Map<String, Object> request = Map.of("chat_id", "chat", "file_hash", "0".repeat(64), "filename", "a.txt");

        Map<String, Object> download = client().post().uri("/v1/download").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isNotFound()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        Map<String, Object> expire = client().post().uri("/v1/expire").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isNotFound()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(download).containsEntry("detail", "File not found");
        assertThat(expire).containsEntry("detail", "File not found");
    }

    private static Flux<DataBuffer> zeros(int chunksOf64KiB) {
        return Flux.range(0, chunksOf64KiB).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenFileStorageDoesNotAnswer() {
        files.failWith(new IOException("connection refused"));
        try {
            MultipartBodyBuilder form = new MultipartBodyBuilder();
            form.part("chat_id", "chat");
            form.part("upload", new byte[] {1}).filename("a.bin");

            client().post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(BodyInserters.fromMultipartData(form.build())).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectBody().jsonPath("$.detail")
                    .isEqualTo("File storage is temporarily unavailable; try again shortly");
        } finally {
            files.failWith(null);
        }
    }

    private Map<String, Object> upload(int status, String chatId, String filename, byte[] content) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", chatId);
        form.part("upload", content).filename(filename);
        return client().post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isEqualTo(status).expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }
}
