package dev.codeinterp.janitor.sweep;

import java.time.Instant;

/** The in-memory fake keeps the {@link ExecutorPodInventory} contract, so sweeper tests can trust it. */
class InMemoryExecutorPodInventoryTest extends ExecutorPodInventoryContract {

    private final InMemoryExecutorPodInventory inventory = new InMemoryExecutorPodInventory();

    @Override
    protected ExecutorPodInventory inventory() {
        return inventory;
    }

    @Override
    protected void givenWorker(String name) {
        inventory.withWorker(name);
    }

    @Override
    protected void givenExecutorPod(String name, String worker, String state, String leasedAt) {
        inventory.withPod(new ExecutorPod(name, worker, state, leasedAt, Instant.now()));
    }
}
