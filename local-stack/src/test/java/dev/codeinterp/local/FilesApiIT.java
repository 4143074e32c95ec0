package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.files.GrantLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** {@code /v1/upload}, {@code /v1/download} and {@code /v1/expire} end to end: grants, limits, expiry, isolation. */
class FilesApiIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final String UNKNOWN_HASH = "0".repeat(64);

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldAnswerWithHashNameChatAndUnlimitedMetadataWhenAFileIsUploaded() {
        byte[] content = "hello upload\n".getBytes(StandardCharsets.UTF_8);

        Map<String, Object> response = upload("chat-up", "hello.txt", content, Map.of());

        assertThat(response).containsEntry("file_hash", sha256(content)).containsEntry("filename", "hello.txt")
                .containsEntry("chat_id", "chat-up").containsEntry("metadata", unlimited());
    }

    @Test
    void shouldLetCodeReadAnUploadedFileWhenItIsPassedByHash() {
        String hash = uploadHash("chat-up-exec", "data.csv", "a,b\n1,2\n", Map.of());

        Map<String, Object> response = TestHttp.post(client, "/v1/execute", Map.of("chat_id", "chat-up-exec",
                "files", Map.of("/workspace/in/data.csv", hash),
                "source_code", "import pandas as pd; print(pd.read_csv('in/data.csv')['b'].sum())"), 200);

        assertThat(response).containsEntry("stdout", "2\n");
    }

    @Test
    void shouldAllowOneDownloadWhenMaxDownloadsIsOne() {
        Map<String, Object> uploaded = upload("chat-once", "once.txt", bytes("once"), Map.of("max_downloads", "1"));
        String hash = (String) uploaded.get("file_hash");

        assertThat(metadata(uploaded)).containsEntry("remaining_downloads", 1);
        assertThat(download("chat-once", hash, "once.txt").getResponseBody()).isEqualTo(bytes("once"));
        downloadDenied("chat-once", hash, "once.txt");
    }

    @Test
    void shouldAllowTwoDownloadsWhenMaxDownloadsIsTwo() {
        String hash = uploadHash("chat-twice", "twice.txt", "twice", Map.of("max_downloads", "2"));

        download("chat-twice", hash, "twice.txt");
        download("chat-twice", hash, "twice.txt");
        downloadDenied("chat-twice", hash, "twice.txt");
    }

    @Test
    void shouldAllowAnyNumberOfDownloadsWhenMaxDownloadsIsZero() {
        Map<String, Object> uploaded = upload("chat-many", "many.txt", bytes("many"), Map.of("max_downloads", "0"));

        assertThat(metadata(uploaded)).containsEntry("remaining_downloads", null);
        for (int i = 0; i < 5; i++) {
            assertThat(download("chat-many", (String) uploaded.get("file_hash"), "many.txt").getResponseBody())
                    .isEqualTo(bytes("many"));
        }
    }

    @ParameterizedTest
    @CsvSource({"report.pdf, application/pdf", "chart.png, image/png", "script.py, text/x-python",
            "notes.txt, text/plain", "table.csv, text/csv", "blob.bin, application/octet-stream"})
    void shouldServeTheContentTypeOfTheExtension(String filename, String contentType) {
        String hash = uploadHash("chat-types", filename, "content of " + filename, Map.of());

        EntityExchangeResult<byte[]> response = download("chat-types", hash, filename);

        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.parseMediaType(contentType));
        assertThat(response.getResponseHeaders().getContentLength()).isEqualTo(("content of " + filename).length());
        assertThat(response.getResponseHeaders().getContentDisposition().getType()).isEqualTo("attachment");
    }

    @Test
    void shouldAnswerTheSame404ForEveryDeniedDownload() {
        String own = uploadHash("chat-deny", "own.txt", "own", Map.of());
        String exhausted = uploadHash("chat-deny", "exhausted.txt", "exhausted", Map.of("max_downloads", "1"));
        download("chat-deny", exhausted, "exhausted.txt");
        String expired = uploadHash("chat-deny", "expired.txt", "expired", Map.of("expires_in", "1s"));
        String revoked = uploadHash("chat-deny", "revoked.txt", "revoked", Map.of());
        TestHttp.post(client, "/v1/expire", grant("chat-deny", revoked, "revoked.txt"), 200);
        awaitExpiry("chat-deny", expired);

        List<Map<String, Object>> denials = List.of(
                downloadDenied("chat-deny", UNKNOWN_HASH, "own.txt"),
                downloadDenied("chat-deny-other", own, "own.txt"),
                downloadDenied("chat-deny", own, "renamed.txt"),
                downloadDenied("chat-deny", exhausted, "exhausted.txt"),
                downloadDenied("chat-deny", expired, "expired.txt"),
                downloadDenied("chat-deny", revoked, "revoked.txt"));

        assertThat(denials).allSatisfy(denial -> assertThat(denial).isEqualTo(denials.get(0)));
        assertThat(denials.get(0)).containsEntry("detail", "File not found").containsEntry("status", 404);
    }

    @Test
    void shouldSucceedExactlyMaxDownloadsTimesWhenDownloadsRace() {
        String hash = uploadHash("chat-race", "race.txt", "race", Map.of("max_downloads", "7"));
        WebClient web = WebClient.create(TestStack.get().baseUrl());

        List<Integer> statuses = Flux.range(0, 20)
                .flatMap(i -> web.post().uri("/v1/download").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(grant("chat-race", hash, "race.txt"))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 20)
                .collectList().block(Duration.ofSeconds(30));

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(7);
        assertThat(statuses).filteredOn(status -> status == 404).hasSize(13);
    }

    @Test
    void shouldDenyAnUploadAfterItsExpiresInAlthoughDownloadsRemain() {
        Map<String, Object> uploaded = upload("chat-ttl", "ttl.txt", bytes("ttl"),
                Map.of("expires_in", "3s", "max_downloads", "5"));
        String hash = (String) uploaded.get("file_hash");
        download("chat-ttl", hash, "ttl.txt");

        awaitExpiry("chat-ttl", hash);

        assertThat(metadata(uploaded)).containsEntry("remaining_downloads", 5);
        assertThat((String) metadata(uploaded).get("expires_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        downloadDenied("chat-ttl", hash, "ttl.txt");
        executeDenied("chat-ttl", hash);
    }

    @Test
    void shouldDenyAnOutputFileAfterTheExpiresInOfItsExecution() {
        Map<String, Object> response = TestHttp.post(client, "/v1/execute", Map.of("chat_id", "chat-ttl-exec",
                "expires_in", "2s", "max_downloads", 5, "source_code", "open('out.txt', 'w').write('out')"), 200);
        String hash = TestHttp.files(response).get("/workspace/out.txt");

        awaitExpiry("chat-ttl-exec", hash);

        downloadDenied("chat-ttl-exec", hash, "out.txt");
        executeDenied("chat-ttl-exec", hash);
    }

    @Test
    void shouldDenyDownloadAndExecuteWhenTheFileWasExpiredOnRequest() {
        String hash = uploadHash("chat-expire", "gone.txt", "gone", Map.of());

        Map<String, Object> expired = TestHttp.post(client, "/v1/expire", grant("chat-expire", hash, "gone.txt"), 200);

        assertThat(expired).isEqualTo(Map.of("success", true));
        downloadDenied("chat-expire", hash, "gone.txt");
        executeDenied("chat-expire", hash);
        Map<String, Object> again = TestHttp.post(client, "/v1/expire", grant("chat-expire", hash, "gone.txt"), 404);
        assertThat(again).containsEntry("detail", "File not found");
    }

    @Test
    void shouldRoundTripAUnicodeFilenameWithSpaces() {
        String filename = "résumé 2024.txt";
        byte[] content = "žluťoučký kůň\n".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> uploaded = upload("chat-unicode-files", filename, content, Map.of());

        EntityExchangeResult<byte[]> response = download("chat-unicode-files", (String) uploaded.get("file_hash"),
                filename);

        assertThat(uploaded).containsEntry("filename", filename);
        String header = response.getResponseHeaders().getFirst("Content-Disposition");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(filename);
        assertThat(response.getResponseBody()).isEqualTo(content);
    }

    @Test
    void shouldRefuseAnUploadOverTheSizeLimitAndKeepNothing() throws IOException {
        long limit = 64L * 1024 * 1024;
        Flux<DataBuffer> oversized = Flux.range(0, (int) (limit / (64 * 1024)) + 16)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "chat-big");
        form.asyncPart("upload", oversized, DataBuffer.class).filename("big.bin");

        Map<String, Object> problem = client.post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(problem).containsEntry("detail", "File too large").containsEntry("status", 413);
        try (Stream<Path> staged = Files.list(TestStack.uploadTempDir())) {
            assertThat(staged).isEmpty();
        }
        uploadHash("chat-big", "small.bin", "small", Map.of());
    }

    @Test
    void shouldNeverShowAFileToAnotherChat() {
        String hash = uploadHash("chat-owner", "private.txt", "private", Map.of());

        downloadDenied("chat-stranger", hash, "private.txt");
        executeDenied("chat-stranger", hash);
        assertThat(download("chat-owner", hash, "private.txt").getResponseBody()).isEqualTo(bytes("private"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "..", ".", "a\\b.txt"})
    void shouldRefuseAnInvalidFilenameWith400(String filename) {
        Map<String, Object> problem = uploadExpecting(400, "chat-names", filename, bytes("x"), Map.of());

        assertThat(problem).containsEntry("detail", "Invalid filename");
    }

    @Test
    void shouldRefuseAFormWithoutTheUploadPart() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "chat-no-file");

        Map<String, Object> problem = client.post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isBadRequest().expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat((String) problem.get("detail")).contains("'upload'");
    }

    @Test
    void shouldRefuseAnUploadWithoutChatIdWith403() {
        Map<String, Object> problem = uploadExpecting(403, null, "x.txt", bytes("x"), Map.of());

        assertThat(problem).containsEntry("detail", "Chat ID required but missing");
    }

    @Test
    void shouldRefuseMalformedDownloadFieldsWith400NamingThem() {
        Map<String, Object> badHash = TestHttp.post(client, "/v1/download",
                Map.of("chat_id", "chat-bad", "file_hash", "ABC", "filename", "x.txt"), 400);
        Map<String, Object> noName = TestHttp.post(client, "/v1/download",
                Map.of("chat_id", "chat-bad", "file_hash", UNKNOWN_HASH), 400);
        Map<String, Object> badMaxDownloads = uploadExpecting(400, "chat-bad", "x.txt", bytes("x"),
                Map.of("max_downloads", "-1"));

        assertThat((String) badHash.get("detail")).contains("file_hash");
        assertThat((String) noName.get("detail")).contains("filename");
        assertThat((String) badMaxDownloads.get("detail")).contains("max_downloads");
    }

    private Map<String, Object> upload(String chatId, String filename, byte[] content, Map<String, String> fields) {
        return uploadExpecting(200, chatId, filename, content, fields);
    }

    private String uploadHash(String chatId, String filename, String content, Map<String, String> fields) {
        return (String) upload(chatId, filename, bytes(content), fields).get("file_hash");
    }

    private Map<String, Object> uploadExpecting(int status, String chatId, String filename, byte[] content,
            Map<String, String> fields) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        if (chatId != null) {
            form.part("chat_id", chatId);
        }
        fields.forEach(form::part);
        form.part("upload", content).filename(filename).contentType(MediaType.APPLICATION_OCTET_STREAM);
        return client.post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    private EntityExchangeResult<byte[]> download(String chatId, String hash, String filename) {
        return client.post().uri("/v1/download").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(grant(chatId, hash, filename)).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult();
    }

    private Map<String, Object> downloadDenied(String chatId, String hash, String filename) {
        return TestHttp.post(client, "/v1/download", grant(chatId, hash, filename), 404);
    }

    /** Waits until the chat holds no live grant for the content; asking the ledger consumes no download. */
    private static void awaitExpiry(String chatId, String hash) {
        GrantLedger grants = TestStack.get().apiBean(GrantLedger.class);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> !grants.isUsable(chatId, hash, Instant.now()));
    }

    private void executeDenied(String chatId, String hash) {
        Map<String, Object> problem = TestHttp.post(client, "/v1/execute", Map.of("chat_id", chatId,
                "files", Map.of("/workspace/input.txt", hash), "source_code", "print(open('input.txt').read())"), 404);
        assertThat(problem).containsEntry("detail", "File not found: /workspace/input.txt");
    }

    private static Map<String, Object> grant(String chatId, String hash, String filename) {
        return Map.of("chat_id", chatId, "file_hash", hash, "filename", filename);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> uploaded) {
        return (Map<String, Object>) uploaded.get("metadata");
    }

    private static Map<String, Object> unlimited() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("remaining_downloads", null);
        metadata.put("expires_at", null);
        return metadata;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
