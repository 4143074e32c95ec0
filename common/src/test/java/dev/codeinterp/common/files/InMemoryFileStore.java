package dev.codeinterp.common.files;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link FileStore} for unit tests; it passes {@link FileStoreContract}, and can be made to fail. */
public final class InMemoryFileStore implements FileStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private volatile IOException failure;

    /** From now on every call fails with {@code failure}, as an unreachable store would; null heals the store. */
    public void failWith(IOException failure) {
        this.failure = failure;
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        failIfAsked();
        byte[] bytes = content.readNBytes((int) Math.min(size, Integer.MAX_VALUE));
        if (bytes.length != size) {
            throw new EOFException("Expected " + size + " bytes for " + fileHash + " but got " + bytes.length);
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
            throw new IOException("Nothing stored under " + fileHash);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String fileHash) throws IOException {
        failIfAsked();
        objects.remove(fileHash);
    }

    /** The stored bytes, for assertions; null when nothing is stored. */
    public byte[] bytesOf(String fileHash) {
        return objects.get(fileHash);
    }

    /** The hashes stored, for assertions. */
    public Set<String> hashes() {
        return Map.copyOf(objects).keySet();
    }

    /** How many objects are stored. */
    public int count() {
        return objects.size();
    }

    private void failIfAsked() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void probe() throws IOException {
        failIfAsked();
    }
}
