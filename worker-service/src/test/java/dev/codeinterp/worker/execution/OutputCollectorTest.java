package dev.codeinterp.worker.execution;

import static dev.codeinterp.worker.sandbox.AgentReplyBytes.sha256;
import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingFileStore;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentReply.OutputEntry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputCollectorTest {

    private static final int IN_MEMORY_LIMIT = 8 * 1024 * 1024;
    private static final Path TEMP_DIR = Path.of(System.getProperty("java.io.tmpdir"));

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final InMemoryFileStore store = new InMemoryFileStore();
    private final List<String> calls = new ArrayList<>();
    private final OutputCollector collector = collector(16 * 1024 * 1024);

    @Test
    void shouldStoreBytesUnderTheirSha256AndRecordPathWhenHashMatches() throws Exception {
        // given
        byte[] plot = {(byte) 0x89, 'P', 'N', 'G', 0, '\n'};
        byte[] csv = utf8("a,b\n1,2\n");

        // when
        accept("/workspace/out/plot.png", plot);
        accept("/workspace/data.csv", csv);

        // then
        assertThat(collector.files()).containsExactly(entry("/workspace/out/plot.png", sha256(plot)),
                entry("/workspace/data.csv", sha256(csv)));
        assertThat(store.bytesOf(sha256(plot))).isEqualTo(plot);
        assertThat(store.bytesOf(sha256(csv))).isEqualTo(csv);
    }

    @Test
    void shouldReserveEachFileBeforeStoringItSoTheJanitorCannotDeleteItBeforeItIsGranted() throws Exception {
        byte[] small = utf8("small");
        byte[] large = new byte[IN_MEMORY_LIMIT + 1];

        accept("/workspace/small.txt", small);
        accept("/workspace/large.bin", large);

        Instant until = NOW.plus(FileDeposit.RESERVATION);
        assertThat(calls).containsExactly("reserve " + sha256(small) + " until " + until, "put " + sha256(small),
                "reserve " + sha256(large) + " until " + until, "put " + sha256(large));
    }

    @Test
    void shouldStoreEmptyFileWhenOutputIsEmpty() throws Exception {
        accept("/workspace/empty.txt", new byte[0]);

        assertThat(collector.files()).containsExactly(entry("/workspace/empty.txt", sha256(new byte[0])));
        assertThat(store.bytesOf(sha256(new byte[0]))).isEmpty();
    }

    @Test
    void shouldStoreNothingWhenDeclaredHashDoesNotMatchBytes() {
        byte[] content = utf8("the real content");
        String otherHash = sha256(utf8("another file's content"));

        assertThatThrownBy(() -> collector.accept(new OutputEntry("/workspace/a.txt", content.length, otherHash),
                new ByteArrayInputStream(content)))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("wrong hash");

        assertThat(store.hashes()).isEmpty();
        assertThat(collector.files()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "/workspace/../x", "/workspace/", "/workspace", "workspace/a",
            "/workspace//a", "/workspace/a/./b", "/workspace/a/", "/workspacex/a"})
    void shouldRejectAndStoreNothingWhenPathIsInvalid(String path) {
        byte[] content = utf8("x");

        assertThatThrownBy(() -> collector.accept(new OutputEntry(path, 1, sha256(content)),
                new ByteArrayInputStream(content)))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("invalid output path");

        assertThat(store.hashes()).isEmpty();
        assertThat(collector.files()).isEmpty();
    }

    @Test
    void shouldRejectWhenSamePathIsReportedTwice() throws Exception {
        accept("/workspace/a.txt", utf8("first"));

        assertThatThrownBy(() -> accept("/workspace/a.txt", utf8("second")))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("invalid output path");

        assertThat(collector.files()).containsExactly(entry("/workspace/a.txt", sha256(utf8("first"))));
        assertThat(store.hashes()).containsExactly(sha256(utf8("first")));
    }

    @Test
    void shouldRejectWithoutStoringWhenSizeExceedsLimit() {
        OutputCollector small = collector(4);
        byte[] content = utf8("12345");

        assertThatThrownBy(() -> small.accept(new OutputEntry("/workspace/big.bin", content.length, sha256(content)),
                new ByteArrayInputStream(content)))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("larger than the file size limit");

        assertThat(store.hashes()).isEmpty();
    }

    @Test
    void shouldAcceptFileWhenSizeEqualsLimit() throws Exception {
        OutputCollector small = collector(4);
        byte[] content = utf8("1234");

        small.accept(new OutputEntry("/workspace/fits.bin", content.length, sha256(content)),
                new ByteArrayInputStream(content));

        assertThat(small.files()).containsKey("/workspace/fits.bin");
    }

    @Test
    void shouldHashInMemoryWithoutSpoolFileWhenFileIsAtThreshold() throws Exception {
        byte[] content = randomBytes(IN_MEMORY_LIMIT);
        SpoolWatchingStream watched = new SpoolWatchingStream(content);

        collector.accept(new OutputEntry("/workspace/at-limit.bin", content.length, sha256(content)), watched);

        assertThat(watched.spoolFilesAtEnd).isEmpty();
        assertThat(store.bytesOf(sha256(content))).isEqualTo(content);
    }

    @Test
    void shouldSpoolThroughTempFileAndDeleteItWhenFileExceedsThreshold() throws Exception {
        // given
        byte[] content = randomBytes(IN_MEMORY_LIMIT + 1);
        SpoolWatchingStream watched = new SpoolWatchingStream(content);

        // when
        collector.accept(new OutputEntry("/workspace/large.bin", content.length, sha256(content)), watched);

        // then
        assertThat(watched.spoolFilesAtEnd).as("spool file written while the content was read").isNotEmpty();
        assertThat(watched.spoolFilesAtEnd).noneMatch(Files::exists);
        assertThat(store.bytesOf(sha256(content))).isEqualTo(content);
        assertThat(collector.files()).containsExactly(entry("/workspace/large.bin", sha256(content)));
    }

    @Test
    void shouldDeleteSpoolFileAndStoreNothingWhenLargeFileHashDoesNotMatch() {
        byte[] content = randomBytes(IN_MEMORY_LIMIT + 1);
        SpoolWatchingStream watched = new SpoolWatchingStream(content);

        assertThatThrownBy(() -> collector.accept(
                new OutputEntry("/workspace/large.bin", content.length, sha256(utf8("something else"))), watched))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("wrong hash");

        assertThat(watched.spoolFilesAtEnd).isNotEmpty().noneMatch(Files::exists);
        assertThat(store.hashes()).isEmpty();
    }

    @Test
    void shouldRejectWithSandboxFailureWhenPathIsMissing() {
        byte[] content = utf8("x");

        assertThatThrownBy(() -> collector.accept(new OutputEntry(null, 1, sha256(content)),
                new ByteArrayInputStream(content)))
                .isInstanceOf(SandboxFailure.class);
    }

    private OutputCollector collector(long maxFileBytes) {
        return new OutputCollector(new FileDeposit(new RecordingFileStore(store, calls), new InMemoryGrantLedger(),
                new RecordingOrphanedObjects(calls), Clock.fixed(NOW, ZoneOffset.UTC)), maxFileBytes);
    }

    private void accept(String path, byte[] content) throws IOException, SandboxFailure {
        collector.accept(new OutputEntry(path, content.length, sha256(content)), new ByteArrayInputStream(content));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /**
     * Content that, when read to its end, notes which spool files ({@code output-*.bin}) have appeared in the
     * temporary directory since it was created: those the collector is writing at that moment.
     */
    private static final class SpoolWatchingStream extends FilterInputStream {

        private final Set<Path> before = spoolFiles();
        private Set<Path> spoolFilesAtEnd;

        SpoolWatchingStream(byte[] content) {
            super(new ByteArrayInputStream(content));
        }

        @Override
        public int read() throws IOException {
            return atEnd(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return atEnd(super.read(buffer, offset, length));
        }

        private int atEnd(int result) {
            if (result < 0 && spoolFilesAtEnd == null) {
                Set<Path> now = new HashSet<>(spoolFiles());
                now.removeAll(before);
                spoolFilesAtEnd = now;
            }
            return result;
        }

        private static Set<Path> spoolFiles() {
            try (Stream<Path> files = Files.list(TEMP_DIR)) {
                return files.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.startsWith("output-") && name.endsWith(".bin");
                }).collect(Collectors.toSet());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
