package dev.codeinterp.common.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A {@link FileStore} decorator for unit tests that appends every {@code put} to a call log before delegating. */
public final class RecordingFileStore implements FileStore {

    private final FileStore delegate;
    private final List<String> calls;

    public RecordingFileStore(FileStore delegate, List<String> calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        calls.add("put " + fileHash);
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
        delegate.delete(fileHash);
    }

    @Override
    public void probe() throws IOException {
        delegate.probe();
    }
}
