package dev.codeinterp.common.infra.filesystem;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.codeinterp.common.files.FileHashes;
import dev.codeinterp.common.files.FileStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File bytes in a local directory, one file per content hash: {@code <root>/files/<first 2 hex chars>/<sha256>}.
 *
 * <p>A put writes a temporary file (named with a leading dot, so never a valid hash) in the object's own directory
 * and renames it into place atomically: readers never see a partial object, and concurrent puts of the same hash
 * each rename identical bytes over one another. Only a valid hash ever becomes a path component. A symbolic link
 * at an object's path is treated as a missing object: never followed, reported as missing by
 * {@link #size}/{@link #exists}, refused by {@link #open}, replaced by {@link #put} and removed (the link itself) by
 * {@link #delete}. A put refuses to write through a linked shard directory.
 */
public final class FilesystemFileStore implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(FilesystemFileStore.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    static final String TEMP_PREFIX = ".put-";

    private final Path root;
    private final Path files;

    public FilesystemFileStore(Path root) {
        this.root = root;
        this.files = root.resolve("files");
    }

    /**
     * Creates the root and its {@code files} directory when missing; fails when {@code files} is not a writable
     * directory. The root itself may be a symbolic link (the operator's choice); {@code files} may not.
     */
    public void ensureRoot() throws IOException {
        // createDirectories accepts an existing link to a directory, hence the NOFOLLOW check after it.
        Files.createDirectories(files);
        if (!Files.isDirectory(files, NOFOLLOW_LINKS) || !Files.isWritable(files)) {
            throw new IOException("File storage directory is not a writable directory: " + files);
        }
        log.info("Storing files under {}", root.toAbsolutePath());
    }

    /** The {@code files} directory is still a writable directory. */
    @Override
    public void probe() throws IOException {
        if (!Files.isDirectory(files, NOFOLLOW_LINKS) || !Files.isWritable(files)) {
            throw new IOException("File storage directory is not a writable directory: " + files);
        }
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        Path target = objectPath(fileHash);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (exists(fileHash)) {
            content.skipNBytes(size);
            return;
        }
        Path directory = Files.createDirectories(target.getParent());
        if (!Files.isDirectory(directory, NOFOLLOW_LINKS)) {
            throw new IOException("Not a directory (symbolic link?): " + directory);
        }
        Path temp = Files.createTempFile(directory, TEMP_PREFIX, ".tmp");
        try {
            write(content, size, temp);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean exists(String fileHash) throws IOException {
        return size(fileHash) >= 0;
    }

    @Override
    public long size(String fileHash) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(objectPath(fileHash), BasicFileAttributes.class,
                    NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? attributes.size() : -1;
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public InputStream open(String fileHash) throws IOException {
        Path path = objectPath(fileHash);
        if (!Files.isRegularFile(path, NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString(), null, "no file stored under this hash");
        }
        // NOFOLLOW_LINKS again (O_NOFOLLOW): a link planted after the check above still fails to open.
        return Files.newInputStream(path, READ, NOFOLLOW_LINKS);
    }

    @Override
    public void delete(String fileHash) throws IOException {
        // Removes a link itself, never its target. The shard directory stays: removing it could race a put into it.
        Files.deleteIfExists(objectPath(fileHash));
    }

    Path objectPath(String fileHash) {
        if (!FileHashes.isValid(fileHash)) {
            throw new IllegalArgumentException("Not a file hash (64 lowercase hex characters)");
        }
        return files.resolve(fileHash.substring(0, 2)).resolve(fileHash);
    }

    /** Copies exactly {@code size} bytes, like the S3 adapter, and forces them to disk before the rename. */
    private static void write(InputStream content, long size, Path temp) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, WRITE, NOFOLLOW_LINKS);
                OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            long remaining = size;
            while (remaining > 0) {
                int read = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new EOFException("Content ended after " + (size - remaining) + " of " + size + " bytes");
                }
                out.write(buffer, 0, read);
                remaining -= read;
            }
            // Without this a crash soon after the rename could leave a named but empty or torn object behind.
            channel.force(true);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            // rename(2): replaces a concurrent put's identical object, or a planted link, never writes through it.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Platforms whose atomic move does not replace: another put of the same bytes won the race.
            if (!Files.isRegularFile(target, NOFOLLOW_LINKS)) {
                throw e;
            }
        }
    }
}
