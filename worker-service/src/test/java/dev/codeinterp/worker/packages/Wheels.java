package dev.codeinterp.worker.packages;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds pure-Python wheels for tests, so that pip installs from a local {@code --find-links} directory and never
 * from the internet: a zip of the files, with the {@code .dist-info} (METADATA, WHEEL, RECORD) pip reads.
 */
public final class Wheels {

    private Wheels() {
    }

    /**
     * Writes {@code <name>-<version>-py3-none-any.whl} into {@code directory}.
     *
     * @param files    path in the wheel (e.g. {@code demo/__init__.py}) → its text
     * @param requires distributions it depends on ({@code Requires-Dist})
     */
    public static Path write(Path directory, String name, String version, Map<String, String> files,
            List<String> requires) throws IOException {
        return write(directory, name, version, "py3-none-any", files, requires);
    }

    /**
     * Writes {@code <name>-<version>-<tag>.whl} into {@code directory}: a wheel that pip takes only for a Python and
     * platform that {@code tag} (e.g. {@code cp39-cp39-manylinux_2_17_x86_64}) names; its files are Python all the same.
     */
    public static Path write(Path directory, String name, String version, String tag, Map<String, String> files,
            List<String> requires) throws IOException {
        String stem = name.replaceAll("[-_.]+", "_");
        String distInfo = stem + "-" + version + ".dist-info/";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        files.forEach((path, text) -> entries.put(path, text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version
                + "\n");
        requires.forEach(requirement -> metadata.append("Requires-Dist: ").append(requirement).append('\n'));
        entries.put(distInfo + "METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        entries.put(distInfo + "WHEEL", ("Wheel-Version: 1.0\nGenerator: code-interpreter-tests\n"
                + "Root-Is-Purelib: " + tag.endsWith("-any") + "\nTag: " + tag + "\n")
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        entries.forEach((path, bytes) -> record.append(path).append(",sha256=").append(digest(bytes)).append(',')
                .append(bytes.length).append('\n'));
        record.append(distInfo).append("RECORD,,\n");
        entries.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

        Files.createDirectories(directory);
        Path wheel = directory.resolve(stem + "-" + version + "-" + tag + ".whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return wheel;
    }

    private static String digest(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
