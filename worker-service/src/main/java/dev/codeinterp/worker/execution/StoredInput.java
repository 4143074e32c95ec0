package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.worker.sandbox.agent.InputContent;
import java.io.IOException;
import java.io.InputStream;

/** An input file streamed from the file store into the sandbox. */
record StoredInput(String path, String fileHash, long size, FileStore store) implements InputContent {

    @Override
    public InputStream open() throws IOException {
        return store.open(fileHash);
    }
}
