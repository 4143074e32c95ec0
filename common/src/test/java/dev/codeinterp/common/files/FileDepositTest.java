package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.codeinterp.common.infra.filesystem.FilesystemFileStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDepositTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_HASH = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @TempDir
    Path root;
    private final List<String> calls = new ArrayList<>();
    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();

    @Test
    void shouldReserveContentBeforeStoringItSoTheJanitorCannotDeleteAnObjectWhosePutWasSkipped() throws Exception {
        FilesystemFileStore store = new FilesystemFileStore(root);

        deposit(store).store(HELLO_HASH, new ByteArrayInputStream(HELLO), HELLO.length);

        assertThat(calls).containsExactly("reserve " + HELLO_HASH + " until " + NOW.plus(FileDeposit.RESERVATION),
                "put " + HELLO_HASH);
        assertThat(store.size(HELLO_HASH)).isEqualTo(HELLO.length);
    }

    @Test
    void shouldRegisterTheGrantWithItsLimitsWhenGranted() {
        GrantKey key = new GrantKey("chat", HELLO_HASH, "hello.txt");
        GrantLimits limits = GrantLimits.of(2, NOW.plusSeconds(60));

        deposit(new FilesystemFileStore(root)).grant(key, limits);

        assertThat(grants.registered()).containsExactly(entry(key, limits));
    }

    private FileDeposit deposit(FileStore store) {
        return new FileDeposit(new RecordingFileStore(store, calls), grants, new RecordingOrphanedObjects(calls),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
