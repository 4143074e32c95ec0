package dev.codeinterp.worker.packages;

/**
 * A distribution installed in the {@link PackageStore}.
 *
 * @param name    its name as its metadata gives it
 * @param version its version
 * @param key     its directory in the store: the SHA-256 of its Python's flavour and its normalised
 *                {@code name==version}
 */
public record InstalledPackage(String name, String version, String key) {
}
