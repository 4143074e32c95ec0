package dev.codeinterp.common.job;

/** Keeps the in-memory test double honest: it must behave like the real stores. */
class InMemoryJobStoreTest extends JobStoreContract {

    @Override
    protected JobStore newEmptyStore() {
        return new InMemoryJobStore();
    }
}
