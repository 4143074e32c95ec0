package dev.codeinterp.common.files;

import java.util.regex.Pattern;

/** A file's identity: the lowercase hex SHA-256 of its content. */
public final class FileHashes {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private FileHashes() {
    }

    public static boolean isValid(String hash) {
        return hash != null && SHA256_HEX.matcher(hash).matches();
    }
}
