package dev.codeinterp.worker.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The top-level modules a Python imports without anything installed for a job: its standard library and packages. */
public final class InstalledModules {

    private static final String LIST_MODULES = """
            import pkgutil, sys
            names = set(sys.builtin_module_names) | set(sys.stdlib_module_names)
            names |= {module.name for module in pkgutil.iter_modules()}
            print("\\n".join(sorted(names)))
            """;
    private static final long TIMEOUT_SECONDS = 60;

    private InstalledModules() {
    }

    /**
     * Asks {@code python} (the sandboxes' interpreter, whose installation the sandboxes mount read-only) which
     * top-level modules it has.
     *
     * @throws IOException when it cannot say: without the list every import would look missing
     */
    public static Set<String> of(String python) throws IOException {
        Process process = new ProcessBuilder(python, "-I", "-c", LIST_MODULES)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream output = process.getInputStream()) {
            String listed = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(python + " could not list its modules");
            }
            return listed.lines().map(String::strip).filter(name -> !name.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while listing the modules of " + python, e);
        }
    }
}
