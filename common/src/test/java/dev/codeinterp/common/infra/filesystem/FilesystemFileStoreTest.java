package dev.codeinterp.common.infra.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.FileStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemFileStoreTest extends FileStoreContract {

    private static final byte[] CONTENT = "layout".getBytes(StandardCharsets.UTF_8);
    private static final String HASH = sha256(CONTENT);

    @TempDir
    Path temp;

    private Path root;

    @Override
    protected FileStore newEmptyStore() throws IOException {
        root = temp.resolve("store");
        FilesystemFileStore fresh = new FilesystemFileStore(root);
        fresh.ensureRoot();
        return fresh;
    }

    @Test
    void shouldStoreObjectUnderTwoCharacterShardWhenPut() throws IOException {
        store.put(HASH, new ByteArrayInputStream(CONTENT), CONTENT.length);

        Path object = root.resolve("files").resolve(HASH.substring(0, 2)).resolve(HASH);
        assertThat(object).isRegularFile().hasBinaryContent(CONTENT);
        assertThat(filesUnder(root)).containsExactly(object);
    }

    @Test
    void shouldFailTheReadinessProbeWhenTheFilesDirectoryIsGone() throws IOException {
        Files.delete(root.resolve("files"));

        assertThatThrownBy(store::probe).isInstanceOf(IOException.class).hasMessageContaining("not a writable directory");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "../../etc/passwd",
            "/etc/passwd",
            "ab/../../../../etc/passwd",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\n",
            "e3/0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void shouldRefuseEveryOperationWhenHashIsNotLowercaseHexSha256(String hash) throws IOException {
        assertThatThrownBy(() -> store.put(hash, new ByteArrayInputStream(CONTENT), CONTENT.length))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.size(hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(hash)).isInstanceOf(IllegalArgumentException.class);

        assertThat(filesUnder(temp)).isEmpty();
    }

    @Test
    void shouldTreatSymlinkAsMissingWhenPlantedAtObjectPath() throws IOException {
        byte[] secret = "not yours".getBytes(StandardCharsets.UTF_8);
        Path outside = Files.write(temp.resolve("secret"), secret);
        Path object = root.resolve("files").resolve(HASH.substring(0, 2)).resolve(HASH);
        Files.createDirectories(object.getParent());
        plantSymlink(object, outside);

        assertThat(store.exists(HASH)).isFalse();
        assertThat(store.size(HASH)).isEqualTo(-1);
        assertThatThrownBy(() -> store.open(HASH).close()).isInstanceOf(IOException.class);

        store.put(HASH, new ByteArrayInputStream(CONTENT), CONTENT.length);

        assertThat(Files.isSymbolicLink(object)).as("link replaced by the stored object").isFalse();
        assertThat(object).hasBinaryContent(CONTENT);
        assertThat(outside).hasBinaryContent(secret);
    }

    @Test
    void shouldRemoveOnlyTheLinkWhenDeletingPlantedSymlink() throws IOException {
        Path outside = Files.write(temp.resolve("secret"), CONTENT);
        Path object = root.resolve("files").resolve(HASH.substring(0, 2)).resolve(HASH);
        Files.createDirectories(object.getParent());
        plantSymlink(object, outside);

        store.delete(HASH);

        assertThat(Files.exists(object, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside).hasBinaryContent(CONTENT);
    }

    @Test
    void shouldKeepOneIntactObjectAndNoTempFilesWhenSameContentIsPutConcurrently() throws Exception {
        byte[] content = new byte[4 * 1024 * 1024];
        new Random(11).nextBytes(content);
        String hash = sha256(content);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> puts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Void> put = () -> {
                    start.await();
                    store.put(hash, new ByteArrayInputStream(content), content.length);
                    return null;
                };
                puts.add(pool.submit(put));
            }
            start.countDown();
            for (Future<Void> put : puts) {
                put.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(filesUnder(root)).containsExactly(root.resolve("files").resolve(hash.substring(0, 2)).resolve(hash));
        try (InputStream in = store.open(hash)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(hash);
        }
    }

    @Test
    void shouldKeepNothingWhenContentEndsBeforeDeclaredSize() throws IOException {
        ByteArrayInputStream shortContent = new ByteArrayInputStream(CONTENT);

        assertThatThrownBy(() -> store.put(HASH, shortContent, CONTENT.length + 10L)).isInstanceOf(IOException.class);

        assertThat(store.exists(HASH)).isFalse();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void shouldCreateRootWhenMissing() throws IOException {
        Path nested = temp.resolve("a/b/c");

        new FilesystemFileStore(nested).ensureRoot();

        assertThat(nested.resolve("files")).isDirectory();
    }

    @Test
    void shouldFailToStartWhenRootIsAFile() throws IOException {
        Path file = Files.write(temp.resolve("not-a-directory"), CONTENT);

        assertThatThrownBy(() -> new FilesystemFileStore(file).ensureRoot()).isInstanceOf(IOException.class);
    }

    @Test
    void shouldFailToStartWhenFilesDirectoryIsASymlink() throws IOException {
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Path linkedRoot = Files.createDirectory(temp.resolve("linked-root"));
        plantSymlink(linkedRoot.resolve("files"), elsewhere);

        assertThatThrownBy(() -> new FilesystemFileStore(linkedRoot).ensureRoot())
                .isInstanceOf(IOException.class).hasMessageContaining("not a writable directory");
    }

    @Test
    void shouldRefuseToPutWhenShardDirectoryIsASymlink() throws IOException {
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        plantSymlink(root.resolve("files").resolve(HASH.substring(0, 2)), elsewhere);

        assertThatThrownBy(() -> store.put(HASH, new ByteArrayInputStream(CONTENT), CONTENT.length))
                .isInstanceOf(IOException.class);

        assertThat(filesUnder(elsewhere)).isEmpty();
    }

    private static void plantSymlink(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not supported here: " + e);
        }
    }

    /** Every regular file and link below {@code directory}, temp files included. */
    private static List<Path> filesUnder(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }
}
