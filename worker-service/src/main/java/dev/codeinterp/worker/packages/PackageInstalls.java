package dev.codeinterp.worker.packages;

/** Port: told the end of each install the worker ran (reuses of an installed package are not installs). */
@FunctionalInterface
public interface PackageInstalls {

    PackageInstalls NONE = installed -> { };

    /** An install ended: {@code installed} when it succeeded, false when it failed. */
    void ended(boolean installed);
}
