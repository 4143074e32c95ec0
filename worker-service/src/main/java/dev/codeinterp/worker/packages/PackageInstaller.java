package dev.codeinterp.worker.packages;

import java.nio.file.Path;

/** Installs one distribution, with what it depends on, into an empty directory, for the sandboxes' Python. */
@FunctionalInterface
public interface PackageInstaller {

    /** @throws PackageInstallException saying why, in a line a user can read, when nothing usable was installed */
    void install(String distribution, SandboxPython python, Path target) throws PackageInstallException;
}
