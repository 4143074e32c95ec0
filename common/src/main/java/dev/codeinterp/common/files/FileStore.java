package dev.codeinterp.common.files;

import java.io.IOException;
import java.io.InputStream;

/** Port: content-addressed storage of file bytes, one object per SHA-256. */
public interface FileStore {

    /** Stores {@code size} bytes read from {@code content} under {@code fileHash}, unless already present. */
    void put(String fileHash, InputStream content, long size) throws IOException;

    boolean exists(String fileHash) throws IOException;

    /** The stored size in bytes, or -1 when nothing is stored under {@code fileHash}. */
    long size(String fileHash) throws IOException;

    /** Opens the stored bytes; the caller closes the stream. */
    InputStream open(String fileHash) throws IOException;

    void delete(String fileHash) throws IOException;

    /** Fails when the store cannot serve requests now (unreachable, its bucket or directory gone): for readiness. */
    void probe() throws IOException;
}
