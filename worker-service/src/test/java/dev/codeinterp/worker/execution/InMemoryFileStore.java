package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileStore;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link FileStore} for unit tests; it passes {@link dev.codeinterp.common.files.FileStoreContract}. */
public final class InMemoryFileStore implements FileStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        byte[] bytes = content.readNBytes(Math.toIntExact(size));
        if (bytes.length != size) {
            throw new EOFException("Expected " + size + " bytes, got " + bytes.length);
        }
        objects.putIfAbsent(fileHash, bytes);
    }

    @Override
    public boolean exists(String fileHash) {
        return objects.containsKey(fileHash);
    }

    @Override
    public long size(String fileHash) {
        byte[] bytes = objects.get(fileHash);
        return bytes == null ? -1 : bytes.length;
    }

    @Override
    public InputStream open(String fileHash) throws IOException {
        byte[] bytes = objects.get(fileHash);
        if (bytes == null) {
            throw new IOException("Nothing stored under " + fileHash);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String fileHash) {
        objects.remove(fileHash);
    }

    /** The stored bytes, for assertions; null when nothing is stored. */
    byte[] bytesOf(String fileHash) {
        return objects.get(fileHash);
    }

    /** The hashes stored, for assertions. */
    Set<String> hashes() {
        return Map.copyOf(objects).keySet();
    }
}
