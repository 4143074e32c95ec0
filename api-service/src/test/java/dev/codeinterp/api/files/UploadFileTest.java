package dev.codeinterp.api.files;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.chat.FileMetadataView;
import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingFileStore;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;

/** The upload use case on part events: what is stored, what is granted, and that nothing stays behind. */
class UploadFileTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00.600Z");
    /** SHA-256 of "hello world". */
    private static final String HELLO_WORLD = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @TempDir
    Path staging;
    private final InMemoryFileStore files = new InMemoryFileStore();
    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();
    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void shouldLeaveNothingInTheStagingDirectory() throws IOException {
        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldStoreTheContentUnderItsHashAndGrantItToTheChat() throws IOException {
        UploadResponse response = upload(defaultApiProperties().build(), 100,
                Flux.concat(field("chat_id", "chat"), file("upload", "hello.txt", "hello ", "world"))).block();

        assertThat(response).isEqualTo(new UploadResponse(HELLO_WORLD, "hello.txt", "chat",
                new FileMetadataView(null, null)));
        assertThat(files.size(HELLO_WORLD)).isEqualTo(11);
        assertThat(grants.registered()).containsExactly(
                java.util.Map.entry(new GrantKey("chat", HELLO_WORLD, "hello.txt"), GrantLimits.of(0, null)));
    }

    @Test
    void shouldReserveTheContentBeforeStoringItSoTheJanitorCannotDeleteItUnderTheUpload() {
        upload(defaultApiProperties().build(), 100,
                Flux.concat(field("chat_id", "chat"), file("upload", "hello.txt", "hello world"))).block();

        assertThat(calls).containsExactly("reserve " + HELLO_WORLD + " until " + NOW.plus(FileDeposit.RESERVATION),
                "put " + HELLO_WORLD);
    }

    @Test
    void shouldApplyMaxDownloadsAndExpiryFromTheFormInWholeSeconds() {
        UploadResponse response = upload(defaultApiProperties().build(), 100, Flux.concat(
                file("upload", "hello.txt", "hello world"), field("max_downloads", "2"), field("expires_in", "1h"),
                field("chat_id", "chat"))).block();

        assertThat(response.metadata()).isEqualTo(new FileMetadataView(2, "2030-01-01T01:00:00"));
        assertThat(grants.registered().get(new GrantKey("chat", HELLO_WORLD, "hello.txt")))
                .isEqualTo(GrantLimits.of(2, Instant.parse("2030-01-01T01:00:00Z")));
    }

    @Test
    void shouldAnswer413AndStoreNothingWhenTheFileIsOverTheLimit() {
        assertThatThrownBy(() -> upload(defaultApiProperties().build(), 10,
                Flux.concat(field("chat_id", "chat"), file("upload", "big.bin", "hello ", "world"))).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.getMessage()).isEqualTo("File too large");
                });
        assertThat(files.count()).isZero();
        assertThat(grants.registered()).isEmpty();
    }

    @Test
    void shouldAnswer400BeforeReadingTheFileWhenItsNameIsInvalid() {
        assertRefused(Flux.concat(field("chat_id", "chat"), file("upload", "../x", "hello")),
                HttpStatus.BAD_REQUEST, "Invalid filename");
    }

    @Test
    void shouldAnswer400WhenTheUploadPartIsMissingOrRepeated() {
        assertRefused(field("chat_id", "chat"), HttpStatus.BAD_REQUEST, "'upload'");
        assertRefused(Flux.concat(field("chat_id", "chat"), file("upload", "a.txt", "a"), file("upload", "b.txt", "b")),
                HttpStatus.BAD_REQUEST, "Only one 'upload' part");
        assertRefused(Flux.concat(field("chat_id", "chat"), field("upload", "not a file")),
                HttpStatus.BAD_REQUEST, "Invalid filename");
    }

    @Test
    void shouldAnswer403WhenTheChatIdIsMissing() {
        assertRefused(file("upload", "a.txt", "a"), HttpStatus.FORBIDDEN, "Chat ID required but missing");
    }

    @Test
    void shouldIgnorePartsItDoesNotKnow() {
        UploadResponse response = upload(defaultApiProperties().build(), 100, Flux.concat(field("chat_id", "chat"),
                file("attachment", "other.bin", "ignored"), field("comment", "hi"),
                file("upload", "hello.txt", "hello world"))).block();

        assertThat(response.fileHash()).isEqualTo(HELLO_WORLD);
        assertThat(files.count()).isEqualTo(1);
    }

    @Test
    void shouldAnswer503AndGrantNothingWhenStorageFails() {
        files.failWith(new IOException("connection refused"));

        assertThatThrownBy(() -> upload(defaultApiProperties().build(), 100,
                Flux.concat(field("chat_id", "chat"), file("upload", "a.txt", "a"))).block())
                .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                    assertThat(e.getMessage()).contains("File storage is temporarily unavailable");
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThat(grants.registered()).isEmpty();
    }

    private void assertRefused(Flux<PartEvent> parts, HttpStatus status, String detail) {
        assertThatThrownBy(() -> upload(defaultApiProperties().build(), 100, parts).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(detail);
                });
        assertThat(files.count()).isZero();
    }

    private reactor.core.publisher.Mono<UploadResponse> upload(ApiProperties properties, long maxBytes,
            Flux<PartEvent> parts) {
        UploadFormReader forms = new UploadFormReader(new UploadRequestParser(properties.fileSettings(),
                properties.expiryPolicy()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        UploadFile uploadFile = new UploadFile(new StagingArea(staging, maxBytes), forms, new FileDeposit(
                new RecordingFileStore(files, calls), grants, new RecordingOrphanedObjects(calls), clock), clock);
        return uploadFile.upload(parts);
    }

    private static Flux<PartEvent> field(String name, String value) {
        return Flux.from(FormPartEvent.create(name, value));
    }

    private static Flux<PartEvent> file(String name, String filename, String... pieces) {
        Flux<DataBuffer> content = Flux.fromArray(pieces)
                .map(piece -> DefaultDataBufferFactory.sharedInstance.wrap(piece.getBytes(StandardCharsets.UTF_8)));
        return Flux.from(FilePartEvent.create(name, filename, MediaType.APPLICATION_OCTET_STREAM, content));
    }
}
