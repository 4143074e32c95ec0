package dev.codeinterp.worker.packages;

/** A distribution could not be installed; the message is one line, fit for the program's stderr. */
public final class PackageInstallException extends Exception {

    public PackageInstallException(String message) {
        super(message);
    }
}
