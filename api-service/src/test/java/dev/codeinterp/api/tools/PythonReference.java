package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a Python script with the real interpreter for differential tests: the inputs go in as a JSON array on stdin,
 * the script prints a JSON array of answers. Tests that use it are skipped where {@code /usr/bin/python3} is absent.
 */
final class PythonReference {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PythonReference() {
    }

    static JsonNode run(String script, List<?> inputs) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(PYTHON)).as("python3 at " + PYTHON).isTrue();
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", script).start();
        process.getOutputStream().write(JSON.writeValueAsBytes(inputs));
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("python3 failed: " + stderr);
        }
        return JSON.readTree(stdout);
    }
}
