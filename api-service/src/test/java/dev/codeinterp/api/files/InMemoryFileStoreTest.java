package dev.codeinterp.api.files;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.FileStoreContract;

class InMemoryFileStoreTest extends FileStoreContract {

    @Override
    protected FileStore newEmptyStore() {
        return new InMemoryFileStore();
    }
}
