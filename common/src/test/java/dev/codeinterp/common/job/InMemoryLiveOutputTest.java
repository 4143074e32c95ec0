package dev.codeinterp.common.job;

/** Keeps the in-memory test double honest: it must behave like the Redis adapter. */
class InMemoryLiveOutputTest extends LiveOutputContract {

    @Override
    protected LiveOutput newEmptyOutput() {
        return new InMemoryLiveOutput();
    }
}
