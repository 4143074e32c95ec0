package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.FileStoreContract;

/** Keeps the unit tests' file store double honest: it must behave like the real adapter. */
class InMemoryFileStoreTest extends FileStoreContract {

    @Override
    protected FileStore newEmptyStore() {
        return new InMemoryFileStore();
    }
}
