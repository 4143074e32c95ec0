package dev.codeinterp.api.files;

import dev.codeinterp.common.files.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link FileStore} in memory for tests of the file endpoints; it passes the port's contract. */
public final class InMemoryFileStore implements FileStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private volatile IOException failure;

    /** From now on every call fails with {@code failure}, as an unreachable store would. */
    void failWith(IOException failure) {
        this.failure = failure;
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        failIfAsked();
        byte[] bytes = content.readNBytes((int) Math.min(size, Integer.MAX_VALUE));
        if (bytes.length != size) {
            throw new IOException("Expected " + size + " bytes for " + fileHash + " but got " + bytes.length);
        }
        objects.putIfAbsent(fileHash, bytes);
    }

    @Override
    public boolean exists(String fileHash) throws IOException {
        failIfAsked();
        return objects.containsKey(fileHash);
    }

    @Override
    public long size(String fileHash) throws IOException {
        failIfAsked();
        byte[] bytes = objects.get(fileHash);
        return bytes == null ? -1 : bytes.length;
    }

    @Override
    public InputStream open(String fileHash) throws IOException {
        failIfAsked();
        byte[] bytes = objects.get(fileHash);
        if (bytes == null) {
            throw new IOException("No object " + fileHash);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String fileHash) throws IOException {
        failIfAsked();
        objects.remove(fileHash);
    }

    private void failIfAsked() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    int count() {
        return objects.size();
    }
}
