package dev.codeinterp.worker.packages;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a distribution with pip, run by the worker (never in a sandbox) from the operator's package index:
 * {@code pip install --target DIR}, wheels only ({@code --only-binary=:all:}: no build script of a source
 * distribution ever runs on the worker), for the sandboxes' Python named by its version, ABI and platforms (so the
 * worker's Python may be another), with no pip configuration of the host's and no cache of pip's own (the
 * {@link PackageStore} is the cache).
 */
public final class PipInstaller implements PackageInstaller {

    private static final int LONGEST_REASON = 300;

    private final Settings settings;

    /**
     * @param python        the interpreter whose pip installs (the worker's; wheels are chosen for the sandboxes')
     * @param indexUrl      {@code APP_PIP_INDEX_URL}; blank = pip's default index, unless only find-links are set
     * @param extraIndexUrl {@code APP_PIP_EXTRA_INDEX_URL}, or blank
     * @param findLinks     {@code APP_PIP_FIND_LINKS} (a directory or URL of wheels), or blank
     * @param timeout       how long one install may take before it is killed
     */
    public record Settings(String python, String indexUrl, String extraIndexUrl, String findLinks, Duration timeout) {
    }

    public PipInstaller(Settings settings) {
        this.settings = settings;
    }

    /** The pip command that installs {@code distribution} into {@code target}. */
    List<String> command(String distribution, SandboxPython python, Path target) {
        List<String> command = new ArrayList<>(List.of(settings.python(), "-I", "-m", "pip", "install",
                "--target", target.toString(), "--only-binary=:all:", "--no-input", "--no-cache-dir",
                "--disable-pip-version-check", "--no-warn-script-location", "--progress-bar", "off", "--quiet"));
        command.addAll(python.pipTarget());
        boolean index = !settings.indexUrl().isBlank();
        boolean extra = !settings.extraIndexUrl().isBlank();
        boolean links = !settings.findLinks().isBlank();
        if (index) {
            command.addAll(List.of("--index-url", settings.indexUrl()));
        } else if (links && !extra) {
            command.add("--no-index"); // only the local wheels: never the public index behind the operator's back
        }
        if (extra) {
            command.addAll(List.of("--extra-index-url", settings.extraIndexUrl()));
        }
        if (links) {
            command.addAll(List.of("--find-links", settings.findLinks()));
        }
        command.add(distribution);
        return List.copyOf(command);
    }

    @Override
    public void install(String distribution, SandboxPython python, Path target) throws PackageInstallException {
        Path log = null;
        try {
            log = Files.createTempFile("pip-install-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(distribution, python, target)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("PIP_") || name.startsWith("PYTHON"));
            builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
            Process pip = builder.start();
            if (!pip.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                pip.descendants().forEach(ProcessHandle::destroyForcibly);
                pip.destroyForcibly();
                pip.waitFor();
                throw new PackageInstallException("pip did not finish within " + settings.timeout().toSeconds()
                        + " s");
            }
            if (pip.exitValue() != 0) {
                throw new PackageInstallException(reason(Files.readAllLines(log, StandardCharsets.UTF_8),
                        pip.exitValue()));
            }
        } catch (IOException e) {
            throw new PackageInstallException("pip could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackageInstallException("interrupted");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /** pip's last error line, which names what went wrong ("No matching distribution found for …"). */
    static String reason(List<String> output, int status) {
        String reason = null;
        for (String line : output) {
            if (line.startsWith("ERROR: ")) {
                reason = line.substring("ERROR: ".length()).strip();
            }
        }
        if (reason == null) {
            reason = output.stream().map(String::strip).filter(line -> !line.isEmpty()).reduce((a, b) -> b)
                    .orElse("pip exited with status " + status);
        }
        reason = reason.replaceAll("\\p{Cntrl}", " ");
        return reason.length() <= LONGEST_REASON ? reason : reason.substring(0, LONGEST_REASON) + "…";
    }
}
