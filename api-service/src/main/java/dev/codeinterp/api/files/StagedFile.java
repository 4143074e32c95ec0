package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * An upload on its way to storage: its bytes go to a temporary file while they are hashed and counted, so neither
 * memory nor the store ever holds a partial or oversized file. Appends come one at a time (blocking I/O: call it off
 * the event loop); {@link #delete()} removes whatever is left.
 */
final class StagedFile {

    static final String TOO_LARGE = "File too large";

    private final Path path;
    private final long maxBytes;
    private final FileChannel channel;
    private final MessageDigest digest;
    private long size;
    private String fileHash;

    private StagedFile(Path path, long maxBytes) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.digest = sha256();
    }

    /** A new, empty staged file in {@code directory} that refuses to grow beyond {@code maxBytes}. */
    static StagedFile create(Path directory, long maxBytes) throws IOException {
        Path path = Files.createTempFile(directory, "upload-", ".part");
        try {
            return new StagedFile(path, maxBytes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Writes and hashes the buffer's readable bytes (the caller still owns and releases it); 413 {@code File too
     * large}, writing nothing, when they would take the file over the limit.
     */
    void append(DataBuffer buffer) {
        if (size + buffer.readableByteCount() > maxBytes) {
            throw ApiException.tooLarge(TOO_LARGE);
        }
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            while (chunks.hasNext()) {
                write(chunks.next());
            }
        }
    }

    /** Ends the content: from now on {@link #fileHash()} and {@link #size()} describe it. */
    void finish() throws IOException {
        channel.close();
        fileHash = HexFormat.of().formatHex(digest.digest());
    }

    boolean isFinished() {
        return fileHash != null;
    }

    String fileHash() {
        if (fileHash == null) {
            throw new IllegalStateException("The staged file is not finished");
        }
        return fileHash;
    }

    long size() {
        return size;
    }

    InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    void delete() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private void write(ByteBuffer chunk) {
        digest.update(chunk.duplicate());
        try {
            while (chunk.hasRemaining()) {
                size += channel.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stage the upload in " + path, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
