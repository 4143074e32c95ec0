package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.files.FileStore;
import java.io.IOException;
import java.io.InputStream;

/** A {@link FileStore} that delegates every call but fails to delete one object, like a storage hiccup. */
final class FailingToDelete implements FileStore {

    private final FileStore delegate;
    private final String failingHash;

    FailingToDelete(FileStore delegate, String failingHash) {
        this.delegate = delegate;
        this.failingHash = failingHash;
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        delegate.put(fileHash, content, size);
    }

    @Override
    public boolean exists(String fileHash) throws IOException {
        return delegate.exists(fileHash);
    }

    @Override
    public long size(String fileHash) throws IOException {
        return delegate.size(fileHash);
    }

    @Override
    public InputStream open(String fileHash) throws IOException {
        return delegate.open(fileHash);
    }

    @Override
    public void delete(String fileHash) throws IOException {
        if (fileHash.equals(failingHash)) {
            throw new IOException("S3 request failed: simulated outage");
        }
        delegate.delete(fileHash);
    }

    @Override
    public void probe() throws IOException {
        delegate.probe();
    }
}
