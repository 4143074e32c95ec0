package dev.codeinterp.worker.packages;

import java.time.Duration;

/** Port: the sandboxes' Python, as package installation must know it before it can tell what a program lacks. */
@FunctionalInterface
public interface SandboxPythonSource {

    /**
     * The sandboxes' Python, waiting at most {@code budget} to learn it.
     *
     * @throws PackageInstallException when it is not known in time, saying why
     */
    SandboxPython describe(Duration budget) throws PackageInstallException;

    /** A Python known already (local sandboxes: the worker asked it at start). */
    static SandboxPythonSource known(SandboxPython python) {
        return budget -> python;
    }
}
