package dev.codeinterp.worker.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads which distribution an install put in a directory, from its {@code *.dist-info/METADATA}. */
final class DistInfo {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+!_-]{0,99}");

    private DistInfo() {
    }

    /**
     * The distribution named {@code distribution} (compared in normal form) among those installed in {@code target}.
     *
     * @throws PackageInstallException when none of them has that name, or its metadata is unreadable
     */
    static InstalledPackage describe(String distribution, String flavour, Path target) throws IOException, PackageInstallException {
        String wanted = PackageStore.normalize(distribution);
        List<Path> metadata;
        try (Stream<Path> entries = Files.list(target)) {
            metadata = entries.filter(entry -> entry.getFileName().toString().endsWith(".dist-info"))
                    .map(entry -> entry.resolve("METADATA")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : metadata) {
            Optional<String> name = header(file, "Name");
            Optional<String> version = header(file, "Version");
            if (name.isPresent() && PackageStore.normalize(name.get()).equals(wanted)) {
                if (!NAME.matcher(name.get()).matches() || version.isEmpty()
                        || !VERSION.matcher(version.get()).matches()) {
                    throw new PackageInstallException("the metadata of " + distribution + " is not valid");
                }
                return new InstalledPackage(name.get(), version.get(),
                        PackageStore.keyOf(flavour, name.get(), version.get()));
            }
        }
        throw new PackageInstallException("the install gave no distribution named " + distribution);
    }

    /** A header of a metadata file (RFC 822 style: the headers end at the first empty line). */
    private static Optional<String> header(Path metadata, String field) throws IOException {
        String prefix = field + ":";
        for (String line : Files.readAllLines(metadata, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(line.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }
}
