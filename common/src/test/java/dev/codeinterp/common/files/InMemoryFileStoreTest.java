package dev.codeinterp.common.files;

/** Keeps the unit tests' file store double honest: it must behave like the real adapters. */
class InMemoryFileStoreTest extends FileStoreContract {

    @Override
    protected FileStore newEmptyStore() {
        return new InMemoryFileStore();
    }
}
