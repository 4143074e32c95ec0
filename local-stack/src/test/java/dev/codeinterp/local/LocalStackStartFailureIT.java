package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher of {@code scripts/run-local.sh}, run as its own JVM: a service that fails to start ends the whole
 * process, non-zero, saying why, instead of leaving the other services up behind a dead api.
 */
class LocalStackStartFailureIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldExitNonZeroNamingTheSettingWhenAServiceFailsToStart() throws Exception {
        assumeFalse("kubernetes".equals(System.getProperty("e2e.backend")), "the launcher runs the local backend");
        Path stdout = dataDir.resolve("stdout.log");
        Path stderr = dataDir.resolve("stderr.log");
        ProcessBuilder launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), LocalStackApplication.class.getName())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        launcher.environment().put("APP_LOCAL_DATA_DIR", dataDir.resolve("data").toString());
        launcher.environment().put("APP_HTTP_LISTEN_ADDR", "127.0.0.1:0");
        launcher.environment().put("APP_EXECUTOR_POD_QUEUE_TARGET_LENGTH", "1");
        launcher.environment().put("APP_EXECUTOR_HOST_UID_BASE", "250000");
        launcher.environment().put("APP_MAX_REQUEST_SIZE", "10 apples");
        Process process = launcher.start();
        try {
            // A bound so a regression fails rather than hangs the build; a healthy failure takes seconds.
            boolean exited = process.waitFor(5, TimeUnit.MINUTES);

            String errors = read(stderr);
            assertThat(exited).as("the launcher exited; stderr:%n%s", errors).isTrue();
            assertThat(process.exitValue()).as(errors).isEqualTo(LocalStackApplication.START_FAILED);
            assertThat(errors).contains("The code interpreter did not start: api-service failed to start")
                    .contains("APP_MAX_REQUEST_SIZE").contains("'10 apples'");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The test's own class path: surefire and failsafe give it in full in {@code surefire.test.class.path}. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
