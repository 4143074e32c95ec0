package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} must do. Each adapter's test extends this class and supplies an empty store. */
public abstract class FileStoreContract {

    private static final int TWENTY_MIB = 20 * 1024 * 1024;

    protected FileStore store;

    /** A store holding no files; called before every test. */
    protected abstract FileStore newEmptyStore() throws IOException;

    @BeforeEach
    void setUpEmptyStore() throws IOException {
        store = newEmptyStore();
    }

    @Test
    void shouldPassTheReadinessProbeWhenTheStoreServes() {
        assertThatCode(store::probe).doesNotThrowAnyException();
    }

    @Test
    void shouldReadBackSameBytesWhenPut() throws IOException {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(content);

        store.put(hash, new ByteArrayInputStream(content), content.length);

        assertThat(store.exists(hash)).isTrue();
        assertThat(store.size(hash)).isEqualTo(content.length);
        try (InputStream in = store.open(hash)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void shouldStoreEmptyFileWhenContentIsEmpty() throws IOException {
        String hash = sha256(new byte[0]);

        store.put(hash, new ByteArrayInputStream(new byte[0]), 0);

        assertThat(store.exists(hash)).isTrue();
        assertThat(store.size(hash)).isZero();
    }

    @Test
    void shouldReportMissingWhenNothingIsStored() throws IOException {
        String hash = sha256("never stored".getBytes(StandardCharsets.UTF_8));

        assertThat(store.exists(hash)).isFalse();
        assertThat(store.size(hash)).isEqualTo(-1);
    }

    @Test
    void shouldFailToOpenWhenNothingIsStored() {
        String hash = sha256("never stored".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.open(hash).close()).isInstanceOf(IOException.class);
    }

    @Test
    void shouldForgetContentWhenDeleted() throws IOException {
        byte[] content = "to be deleted".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(content);
        store.put(hash, new ByteArrayInputStream(content), content.length);

        store.delete(hash);

        assertThat(store.exists(hash)).isFalse();
        assertThat(store.size(hash)).isEqualTo(-1);
    }

    @Test
    void shouldDoNothingWhenDeletingMissingContent() throws IOException {
        String hash = sha256("never stored".getBytes(StandardCharsets.UTF_8));

        store.delete(hash);

        assertThat(store.exists(hash)).isFalse();
    }

    @Test
    void shouldKeepStoredBytesAndStillConsumeStreamWhenHashIsAlreadyStored() throws IOException {
        byte[] original = "original".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(original);
        store.put(hash, new ByteArrayInputStream(original), original.length);
        ByteArrayInputStream again = new ByteArrayInputStream("ORIGINAL".getBytes(StandardCharsets.UTF_8));

        store.put(hash, again, original.length);

        assertThat(again.available()).as("bytes left unread in the second stream").isZero();
        try (InputStream in = store.open(hash)) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
    }

    @Test
    void shouldRoundTripLargeFileWhenItSpansSeveralParts() throws IOException {
        byte[] content = new byte[TWENTY_MIB];
        new Random(7).nextBytes(content);
        String hash = sha256(content);

        store.put(hash, new ByteArrayInputStream(content), content.length);

        assertThat(store.size(hash)).isEqualTo(TWENTY_MIB);
        try (InputStream in = store.open(hash)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(hash);
        }
    }

    protected static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
