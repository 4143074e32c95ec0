package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded mode keeps files and grants across a restart on the same data directory. */
class LocalStackRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepFilesAndGrantsWhenRestartedOnTheSameDataDirectory() {
        String hash;
        try (LocalStack first = start()) {
            Map<String, Object> produced = TestHttp.post(TestStack.clientFor(first.baseUrl()), "/v1/execute",
                    Map.of("chat_id", "restart", "source_code", "open('kept.txt', 'w').write('still here')"), 200);
            hash = TestHttp.files(produced).get("/workspace/kept.txt");
        }

        try (LocalStack second = start()) {
            Map<String, Object> read = TestHttp.post(TestStack.clientFor(second.baseUrl()), "/v1/execute",
                    Map.of("chat_id", "restart", "files", Map.of("/workspace/kept.txt", hash),
                            "source_code", "print(open('kept.txt').read())"), 200);
            assertThat(read).containsEntry("stdout", "still here\n");
        }
    }

    private LocalStack start() {
        try {
            // the sandboxes, running as uids of their own, reach the agent runtime below it
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LocalStack.start(EmbeddedInfrastructure.persistent(dataDir), Map.of(
                "app.http-listen-addr", "127.0.0.1:0",
                "app.executor-pod-queue-target-length", "1",
                "app.executor-host-uid-base", "240000",
                "app.executor-runtime-dir", dataDir.resolve("runtime").toString()));
    }
}
