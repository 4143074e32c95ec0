package dev.codeinterp.common.replica;

class InMemoryReplicaRegistryTest extends ReplicaRegistryContract {

    @Override
    protected ReplicaRegistry newRegistry() {
        return new InMemoryReplicaRegistry();
    }
}
