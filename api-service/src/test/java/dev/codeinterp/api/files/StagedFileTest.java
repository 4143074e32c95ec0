package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;

class StagedFileTest {

    /** SHA-256 of "hello world". */
    private static final String HELLO_WORLD = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @TempDir
    Path directory;

    @Test
    void shouldHashAndCountTheBytesItWasGivenInPieces() throws IOException {
        StagedFile staged = StagedFile.create(directory, 100);

        staged.append(buffer("hello "));
        staged.append(buffer("world"));
        staged.finish();

        assertThat(staged.fileHash()).isEqualTo(HELLO_WORLD);
        assertThat(staged.size()).isEqualTo(11);
        try (InputStream content = staged.open()) {
            assertThat(content.readAllBytes()).isEqualTo("hello world".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldAnswer413AndWriteNothingMoreWhenTheLimitWouldBePassed() throws IOException {
        StagedFile staged = StagedFile.create(directory, 10);
        staged.append(buffer("hello "));

        assertThatThrownBy(() -> staged.append(buffer("world"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(e.getMessage()).isEqualTo("File too large");
        });
        assertThat(staged.size()).isEqualTo(6);
    }

    @Test
    void shouldAcceptExactlyTheLimit() throws IOException {
        StagedFile staged = StagedFile.create(directory, 11);

        staged.append(buffer("hello world"));
        staged.finish();

        assertThat(staged.size()).isEqualTo(11);
    }

    @Test
    void shouldLeaveNothingBehindWhenDeleted() throws IOException {
        StagedFile staged = StagedFile.create(directory, 100);
        staged.append(buffer("partial"));

        staged.delete();

        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldRefuseToNameTheHashBeforeTheContentIsFinished() throws IOException {
        StagedFile staged = StagedFile.create(directory, 100);

        assertThat(staged.isFinished()).isFalse();
        assertThatThrownBy(staged::fileHash).isInstanceOf(IllegalStateException.class);
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
