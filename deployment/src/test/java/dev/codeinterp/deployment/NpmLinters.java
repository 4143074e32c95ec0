package dev.codeinterp.deployment;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the npm linters pinned in {@code deployment/package.json} ({@code npm ci} once when node_modules is missing).
 * dclint 3.1.0 needs Node 20.19+; Debian 12's nodejs is 18, so without a recent enough node the lint tests skip
 * themselves (the rule tests still run).
 */
final class NpmLinters {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final int[] MINIMUM_NODE = {20, 19};

    private NpmLinters() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String tool, String... args) {
        assumeTrue(nodeIsRecentEnough(), "node " + MINIMUM_NODE[0] + "." + MINIMUM_NODE[1]
                + "+ is needed by the pinned linters (dclint's engines); install it to run the lint tests");
        if (!Files.isExecutable(MODULE.resolve("node_modules/.bin/" + tool))) {
            Result install = exec(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"));
            if (install.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed: " + install.output());
            }
        }
        List<String> command = new ArrayList<>(List.of(MODULE.resolve("node_modules/.bin/" + tool).toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static boolean nodeIsRecentEnough() {
        try {
            Result version = exec(List.of("node", "--version"));
            String[] parts = version.output().trim().replaceFirst("^v", "").split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return version.exitCode() == 0 && (major > MINIMUM_NODE[0]
                    || major == MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
